package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.SpecialFunctions;
import io.jgrad.backend.UnaryOp;

import java.util.Arrays;

/**
 * Every op's gradient rule, in one exhaustive switch over the recorded {@link Op}s. {@code g} is the gradient of the
 * op's output; a rule returns the gradient of each of {@link Op#inputs()} (shaped like it, or null where that input
 * needs none). Rules are written with tensor ops, so every backend gets gradients for free, and a rule run with
 * recording on (the engine's {@code createGraph}) is itself differentiable: the ops a rule uses either have rules
 * here too (the backward ops of convolution and pooling are recorded ops with their own rules) or, for batch and layer
 * normalization, attention, the fused recurrence and the mean squared error, the rule switches to a composition of
 * differentiable ops when recording is on.
 */
final class Gradients {
    private Gradients() {}

    /**
     * The gradients of {@code op}'s inputs given the gradient {@code g} of its output. {@code gDonated} says that nothing
     * reads {@code g} after this rule (the autograd engine alone holds it, and no graph of the gradients is recorded), so
     * that a rule may write over it: a fused linear ReLU layer masks its gradient in place rather than in a new tensor
     * the size of its output.
     */
    static Tensor[] of(Op op, Tensor g, boolean gDonated) {
        return switch (op) {
            case Op.Unary u -> one(unary(u, g));
            case Op.Binary b -> binary(b, g);
            case Op.Where w -> where(w, g);
            case Op.Cast c -> one(g.to(c.x().dtype()));
            case Op.ToBackend t -> one(g.to(t.x().backend()));
            case Op.Reduce r -> one(reduce(r, g));
            case Op.Softmax s -> one(softmax(s, g));
            case Op.Matmul m -> matmul(m, g);
            case Op.Linear l -> linear(l, g, gDonated);
            case Op.ReluBackward r -> one(reluGradient(g, r.x()));
            case Op.GeluBackward b -> geluBackward(b, g);
            case Op.MseLoss m -> MeanSquaredError.gradients(m, g);
            case Op.Reshape r -> one(g.reshape(r.x().dims()));
            case Op.Permute p -> one(g.permute(inverse(p.axes())));
            case Op.Slice s -> one(Views.sliceBackward(g, s.x().shape(), s.axis(), s.start(), s.step()));
            case Op.SliceBackward s -> one(g.slice(s.axis(), s.start(), s.start() + (s.grad().dim(s.axis()) - 1) * s.step() + 1, s.step()));
            case Op.Expand e -> one(sumTo(g, e.x().shape()));
            case Op.Copy c -> one(g);
            case Op.Concat c -> concat(c, g);
            case Op.Pad p -> one(unpad(p, g));
            case Op.Gather ga -> one(scatterInto(g, ga.x().shape(), ga.axis(), ga.index()));
            case Op.IndexSelect s -> one(indexSelect(s, g));
            case Op.ScatterAdd s -> new Tensor[] {g, g.gather(s.axis(), s.index())};
            case Op.MaskedSelect m -> one(maskedSelect(m, g));
            case Op.Conv2d c -> conv2d(c, g);
            case Op.ConvTranspose2d c -> convTranspose2d(c, g);
            case Op.Conv2dWeightBackward c -> conv2dWeightBackward(c, g);
            case Op.MaxPool2d m -> one(Pooling.maxPool2dBackward(g, m.indices(), m.x().shape()));
            case Op.MaxPool2dBackward m -> one(maxPool2dBackwardGradient(m, g));
            case Op.AvgPool2d a -> one(Pooling.avgPool2dBackward(g, a.x().shape(), a.params()));
            case Op.AvgPool2dBackward a -> one(Pooling.avgPool2d(g, a.params()));
            case Op.AdaptiveAvgPool2d a -> one(Pooling.adaptiveAvgPool2dBackward(g, a.x().shape()));
            case Op.AdaptiveAvgPool2dBackward a -> one(Pooling.adaptiveAvgPool2d(g, a.grad().dim(2), a.grad().dim(3)));
            case Op.BatchNorm b -> batchNorm(b, g);
            case Op.LayerNorm l -> LayerNormalization.gradients(l, g);
            case Op.Recurrence r -> Recurrence.gradients(r, g);
            case Op.ScaledDotProductAttention a -> Attention.gradients(a, g);
            case Op.PackedSelfAttention a -> one(PackedSelfAttention.gradient(a, g));
        };
    }

    /**
     * The tensors other than the inputs that each rule reads (or may return a view of). Their versions are recorded
     * with the op and checked before the rule runs, so an in-place write in between is an error, not a wrong result.
     */
    static Tensor[] savedBy(Op op) {
        return switch (op) {
            case Op.Unary u -> new Tensor[] {unaryUsesOutput(u.kind()) ? u.out() : u.x()};
            case Op.Binary b -> switch (b.kind()) {
                case ADD, SUB -> new Tensor[0];
                case DIV -> new Tensor[] {b.y(), b.out()};
                case POW -> new Tensor[] {b.x(), b.y(), b.out()};
                case MUL, MINIMUM, MAXIMUM -> new Tensor[] {b.x(), b.y()};
            };
            case Op.Where w -> new Tensor[] {w.condition()};
            case Op.Reduce r -> r.kind() == io.jgrad.backend.ReduceOp.SUM ? new Tensor[0] : new Tensor[] {r.x(), r.out()};
            case Op.Softmax s -> new Tensor[] {s.out()};
            case Op.Matmul m -> new Tensor[] {m.a(), m.b()};
            case Op.Linear l -> l.relu() ? new Tensor[] {l.x(), l.w(), l.out()} : new Tensor[] {l.x(), l.w()};
            case Op.ReluBackward r -> new Tensor[] {r.x()};
            case Op.GeluBackward b -> new Tensor[] {b.grad(), b.x()};
            case Op.MseLoss m -> new Tensor[] {m.prediction(), m.target()};
            case Op.Gather ga -> new Tensor[] {ga.index()};
            case Op.IndexSelect s -> new Tensor[] {s.index()};
            case Op.ScatterAdd s -> new Tensor[] {s.index()};
            case Op.MaskedSelect m -> new Tensor[] {m.positions()};
            case Op.Conv2d c -> new Tensor[] {c.x(), c.w()};
            case Op.ConvTranspose2d c -> new Tensor[] {c.x(), c.w()};
            case Op.Conv2dWeightBackward c -> new Tensor[] {c.grad(), c.x()};
            case Op.MaxPool2d m -> new Tensor[] {m.indices()};
            case Op.MaxPool2dBackward m -> new Tensor[] {m.indices()};
            case Op.BatchNorm b -> b.weight() == null ? new Tensor[] {b.x()} : new Tensor[] {b.x(), b.weight()};
            case Op.LayerNorm l -> l.weight() == null ? new Tensor[] {l.x()} : new Tensor[] {l.x(), l.weight()};
            case Op.Recurrence r -> Recurrence.saved(r);
            case Op.ScaledDotProductAttention a -> a.mask() == null
                    ? new Tensor[] {a.q(), a.k(), a.v(), a.out(), a.logsumexp()}
                    : new Tensor[] {a.q(), a.k(), a.v(), a.out(), a.logsumexp(), a.mask()};
            case Op.PackedSelfAttention a -> a.mask() == null
                    ? new Tensor[] {a.qkv(), a.out(), a.logsumexp()}
                    : new Tensor[] {a.qkv(), a.out(), a.logsumexp(), a.mask()};
            case Op.Cast c -> new Tensor[0];
            case Op.ToBackend t -> new Tensor[0];
            case Op.Reshape r -> new Tensor[0];
            case Op.Permute p -> new Tensor[0];
            case Op.Slice s -> new Tensor[0];
            case Op.SliceBackward s -> new Tensor[0];
            case Op.Expand e -> new Tensor[0];
            case Op.Copy c -> new Tensor[0];
            case Op.Concat c -> new Tensor[0];
            case Op.Pad p -> new Tensor[0];
            case Op.AvgPool2d a -> new Tensor[0];
            case Op.AvgPool2dBackward a -> new Tensor[0];
            case Op.AdaptiveAvgPool2d a -> new Tensor[0];
            case Op.AdaptiveAvgPool2dBackward a -> new Tensor[0];
        };
    }

    private static Tensor[] one(Tensor g) { return new Tensor[] {g}; }

    /** Sums a broadcast gradient back to the shape of the input that was broadcast. */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int lead = g.rank() - shape.rank();
        int count = 0;
        int[] axes = new int[g.rank()];
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (shape.dim(i - lead) == 1 && g.dim(i) != 1)) axes[count++] = i;
        }
        Tensor summed = g.sum(Arrays.copyOf(axes, count), true);
        return summed.reshape(shape.dims());
    }

    // ---- elementwise ---------------------------------------------------------------------------------------------

    /** Unary ops whose rule reads the output rather than the input. */
    static boolean unaryUsesOutput(UnaryOp op) {
        return switch (op) {
            case EXP, SQRT, RSQRT, RECIPROCAL, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    private static Tensor unary(Op.Unary u, Tensor g) {
        Tensor x = u.x(), out = u.out();
        double a = u.a(), b = u.b();
        return switch (u.kind()) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case SIGN -> Tensor.zerosLike(g);
            case EXP -> g.mul(out);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1));
            case SQRT -> g.mul(0.5).div(out);
            case RSQRT -> g.mul(out.pow(3)).mul(-0.5);
            case RECIPROCAL -> g.mul(out.square()).neg();
            case SQUARE -> g.mul(x).mul(2);
            case ERF -> g.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI)));
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TANH -> g.mul(out.square().rsub(1));
            case SIGMOID -> g.mul(out).mul(out.rsub(1));
            case RELU -> reluGradient(g, x);
            case LEAKY_RELU -> g.mul(Tensor.where(x.gt(0), Tensor.onesLike(x), Tensor.onesLike(x).mul(a)));
            case ELU -> g.mul(Tensor.where(x.gt(0), Tensor.onesLike(x), x.exp().mul(a)));
            case GELU -> geluGradient(g, x, false);
            case GELU_TANH -> geluGradient(g, x, true);
            case SILU -> {
                Tensor s = x.sigmoid();
                yield g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
            }
            case SOFTPLUS -> g.mul(Tensor.where(x.mul(a).gt(b), Tensor.onesLike(x), x.mul(a).sigmoid()));
            case POW_SCALAR -> a == 0 ? Tensor.zerosLike(g) : g.mul(x.pow(a - 1)).mul(a);
            case CLAMP -> {
                Tensor inside = Tensor.onesLike(x);
                if (!Double.isNaN(a)) inside = inside.mul(x.ge(a));
                if (!Double.isNaN(b)) inside = inside.mul(x.le(b));
                yield g.mul(inside);
            }
        };
    }

    /**
     * {@code g * gelu'(x)}: one fused backend pass (a recorded op, differentiable in g and x) where the views agree in
     * shape, dtype and backend, else composed from elementwise ops.
     */
    private static Tensor geluGradient(Tensor g, Tensor x, boolean tanh) {
        if (!g.shape().equals(x.shape()) || g.dtype() != x.dtype() || g.backend() != x.backend()) {
            return g.mul(geluDerivative(x, tanh));
        }
        return Elementwise.geluBackward(g, x, tanh);
    }

    /** gelu'(x): {@code Phi(x) + x phi(x)}, or the tanh approximation's {@code 0.5 (1 + t) + 0.5 x (1 - t^2) u'}. */
    private static Tensor geluDerivative(Tensor x, boolean tanh) {
        if (!tanh) {
            Tensor cdf = x.div(Math.sqrt(2)).erf().add(1).mul(0.5);
            return cdf.add(x.mul(normalDensity(x)));
        }
        Tensor t = geluTanhOfInner(x);
        return t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().rsub(1)).mul(geluTanhInnerSlope(x)));
    }

    private static final double GELU_CUBIC = SpecialFunctions.GELU_CUBIC;

    /** The standard normal density phi(x). */
    private static Tensor normalDensity(Tensor x) {
        return x.square().mul(-0.5).exp().div(Math.sqrt(2 * Math.PI));
    }

    /** {@code t = tanh(u)} for the tanh form's inner {@code u = c (x + 0.044715 x^3)}. */
    private static Tensor geluTanhOfInner(Tensor x) {
        return x.add(x.pow(3).mul(GELU_CUBIC)).mul(SpecialFunctions.SQRT_2_OVER_PI).tanh();
    }

    /** u'(x) for the tanh form's inner {@code u = c (x + 0.044715 x^3)}. */
    private static Tensor geluTanhInnerSlope(Tensor x) {
        return x.square().mul(3 * GELU_CUBIC).add(1).mul(SpecialFunctions.SQRT_2_OVER_PI);
    }

    /**
     * The rule of {@code grad * gelu'(x)}: grad receives {@code g * gelu'(x)} (the fused op again), x receives
     * {@code g * grad * gelu''(x)}, where gelu'' is {@code phi(x) (2 - x^2)} for the exact form and
     * {@code (1 - t^2) (u' + 0.5 x (u'' - 2 t u'^2))} for the tanh form.
     */
    private static Tensor[] geluBackward(Op.GeluBackward op, Tensor g) {
        Tensor grad = op.grad(), x = op.x();
        Tensor forGrad = grad.requiresGrad() ? geluGradient(g, x, op.tanh()) : null;
        if (!x.requiresGrad()) return new Tensor[] {forGrad, null};
        Tensor second;
        if (!op.tanh()) {
            second = normalDensity(x).mul(x.square().rsub(2));
        } else {
            Tensor t = geluTanhOfInner(x);
            Tensor du = geluTanhInnerSlope(x), ddu = x.mul(6 * GELU_CUBIC * SpecialFunctions.SQRT_2_OVER_PI);
            second = t.square().rsub(1).mul(du.add(x.mul(0.5).mul(ddu.sub(t.mul(du.square()).mul(2)))));
        }
        return new Tensor[] {forGrad, g.mul(grad).mul(second)};
    }

    /**
     * {@code x <= 0 ? 0 : g} (NaN in x passes g through): one fused backend pass (a recorded op, differentiable in g)
     * where the views agree in shape, dtype and backend, else a compare and a select.
     */
    private static Tensor reluGradient(Tensor g, Tensor x) {
        if (!sameForm(g, x)) return g.maskedFill(x.le(0), 0);
        return Elementwise.reluBackward(g, x);
    }

    /** Whether the fused activation gradients apply: g and x of one shape, dtype and backend. */
    private static boolean sameForm(Tensor g, Tensor x) {
        return g.shape().equals(x.shape()) && g.dtype() == x.dtype() && g.backend() == x.backend();
    }

    /**
     * Each rule below computes an input's gradient only when that input needs one (the engine's own test), so that a
     * constant operand (a loss's target, a fixed mask) costs no pass over the data.
     */
    private static Tensor[] binary(Op.Binary op, Tensor g) {
        Tensor x = op.x(), y = op.y(), out = op.out();
        Shape sx = x.shape(), sy = y.shape();
        boolean nx = x.requiresGrad(), ny = y.requiresGrad();
        return switch (op.kind()) {
            case ADD -> new Tensor[] {nx ? sumTo(g, sx) : null, ny ? sumTo(g, sy) : null};
            case SUB -> new Tensor[] {nx ? sumTo(g, sx) : null, ny ? sumTo(g.neg(), sy) : null};
            case MUL -> new Tensor[] {nx ? sumTo(g.mul(y), sx) : null, ny ? sumTo(g.mul(x), sy) : null};
            case DIV -> new Tensor[] {nx ? sumTo(g.div(y), sx) : null, ny ? sumTo(g.mul(out).div(y).neg(), sy) : null};
            case POW -> {
                Tensor gx = nx ? sumTo(g.mul(y).mul(x.pow(y.sub(1))), sx) : null;
                if (!ny) yield new Tensor[] {gx, null};
                // d/dy x^y = x^y log x; at x = 0 PyTorch defines it as 0 (the limit for y > 0).
                Tensor logX = Tensor.where(x.eq(0), Tensor.zerosLike(x), x.log());
                yield new Tensor[] {gx, sumTo(g.mul(out).mul(logX), sy)};
            }
            case MINIMUM, MAXIMUM -> {
                // The winner takes the gradient; ties split it evenly, as in PyTorch.
                Tensor wins = op.kind() == BinaryOp.MAXIMUM ? x.gt(y) : x.lt(y);
                Tensor share = wins.to(g.dtype()).add(x.eq(y).to(g.dtype()).mul(0.5));
                yield new Tensor[] {nx ? sumTo(g.mul(share), sx) : null, ny ? sumTo(g.mul(share.rsub(1)), sy) : null};
            }
        };
    }

    private static Tensor[] where(Op.Where w, Tensor g) {
        Tensor zero = Tensor.zerosLike(g);
        return new Tensor[] {w.x().requiresGrad() ? sumTo(Tensor.where(w.condition(), g, zero), w.x().shape()) : null,
                w.y().requiresGrad() ? sumTo(Tensor.where(w.condition(), zero, g), w.y().shape()) : null};
    }

    // ---- reductions and softmax ------------------------------------------------------------------------------------

    /** {@code g} and {@code out} have the reduction's shape with the reduced axes kept at size 1. */
    private static Tensor reduce(Op.Reduce r, Tensor g) {
        Tensor x = r.x(), out = r.out();
        Tensor ge = g.expand(x.dims());
        return switch (r.kind()) {
            // The broadcast view itself: the next rule reads it as it would a full tensor, without a pass to fill one
            // (the engine copies a gradient that is not contiguous before it keeps it as a leaf's .grad).
            case SUM -> ge;
            case MAX, MIN -> {
                Tensor hit = x.eq(out).to(g.dtype());
                Tensor count = hit.sum(r.axes(), true);
                yield ge.mul(hit).div(count);
            }
            case PROD -> {
                // out / x fails at zeros: with one zero in a slice its gradient is the product of the others.
                Tensor isZero = x.eq(0);
                Tensor nonZero = Tensor.where(isZero, Tensor.onesLike(x), x);
                Tensor prodOthers = nonZero.prod(r.axes(), true);
                Tensor zeros = isZero.to(DType.I64).sum(r.axes(), true);
                Tensor atZero = Tensor.where(zeros.eq(1), prodOthers, Tensor.zerosLike(prodOthers));
                yield ge.mul(Tensor.where(isZero, atZero.expand(x.dims()), out.div(nonZero)));
            }
        };
    }

    private static Tensor softmax(Op.Softmax s, Tensor g) {
        Tensor out = s.out();
        if (s.log()) return g.sub(out.exp().mul(g.sum(s.axis(), true)));
        return out.mul(g.sub(g.mul(out).sum(s.axis(), true)));
    }

    // ---- linear algebra ----------------------------------------------------------------------------------------

    /** Matmul of [..., M, K] and [..., K, N]; batch dims are summed back where an operand was broadcast. */
    private static Tensor[] matmul(Op.Matmul m, Tensor g) {
        Tensor a = m.a(), b = m.b();
        Tensor ga = a.requiresGrad() ? sumTo(g.matmul(b.transpose(-1, -2)), a.shape()) : null;
        Tensor gb = b.requiresGrad() ? sumTo(a.transpose(-1, -2).matmul(g), b.shape()) : null;
        return new Tensor[] {ga, gb};
    }

    /**
     * linear: {@code y = x w^T + b} with x [M, K], w [N, K]. {@code gx = g w}, {@code gw = g^T x} (both read the
     * transposes through the GEMM's flags), {@code gb} sums g over rows; an input that needs no gradient gets none,
     * which saves a whole GEMM for a network's first layer. With ReLU fused, the output is zero exactly where the
     * pre-activation is {@code <= 0} (a NaN passes through both), so masking g where {@code y <= 0} is ReLU's gradient.
     */
    private static Tensor[] linear(Op.Linear l, Tensor g, boolean gDonated) {
        Tensor x = l.x(), w = l.w(), b = l.bias();
        if (l.relu()) {
            Tensor y = l.out();
            g = gDonated && sameForm(g, y) ? Elementwise.reluBackwardInPlace(g, y) : reluGradient(g, y);
        }
        Tensor gx = x.requiresGrad() ? g.matmul(w) : null;
        Tensor gw = w.requiresGrad() ? g.t().matmul(x) : null;
        if (b == null) return new Tensor[] {gx, gw};
        return new Tensor[] {gx, gw, b.requiresGrad() ? g.sum(0, false) : null};
    }

    // ---- views, joins and indexing -----------------------------------------------------------------------------

    private static int[] inverse(int[] axes) {
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) inverse[axes[i]] = i;
        return inverse;
    }

    private static Tensor[] concat(Op.Concat c, Tensor g) {
        Tensor[] grads = new Tensor[c.parts().size()];
        int at = 0;
        for (int t = 0; t < grads.length; t++) {
            int size = c.parts().get(t).dim(c.axis());
            grads[t] = g.narrow(c.axis(), at, size);
            at += size;
        }
        return grads;
    }

    private static Tensor unpad(Op.Pad p, Tensor g) {
        Tensor grad = g;
        for (int d = 0; d < p.x().rank(); d++) grad = grad.narrow(d, p.before()[d], p.x().dim(d));
        return grad;
    }

    /** Zeros of {@code inputShape} with {@code g} added at {@code index} along an axis (gather's gradient). */
    private static Tensor scatterInto(Tensor g, Shape inputShape, int axis, Tensor index) {
        Tensor zeros = Creation.full(g.dtype(), inputShape, 0, g.backend());
        return zeros.scatterAdd(axis, index, g);
    }

    /** The same positions, broadcast over the other axes, scatter the gradient back. */
    private static Tensor indexSelect(Op.IndexSelect s, Tensor g) {
        int[] idxDims = new int[g.rank()];
        Arrays.fill(idxDims, 1);
        idxDims[s.axis()] = s.index().numel();
        return scatterInto(g, s.x().shape(), s.axis(), s.index().reshape(idxDims).expand(g.dims()));
    }

    /** Each selected element's gradient goes back to its position; a broadcast input sums what its copies got. */
    private static Tensor maskedSelect(Op.MaskedSelect m, Tensor g) {
        Tensor flat = scatterInto(g, Shape.of(m.shape().numel()), 0, m.positions());
        return sumTo(flat.reshape(m.shape().dims()), m.x().shape());
    }

    // ---- convolution and pooling -------------------------------------------------------------------------------

    /**
     * conv2d: the input's gradient is the transposed convolution of g to x's shape, the weight's a correlation of g
     * with x, the bias's g summed over N, H and W. An operand that does not require a gradient (a network's input
     * images) gets none: its convolution is skipped.
     */
    private static Tensor[] conv2d(Op.Conv2d c, Tensor g) {
        Tensor x = c.x(), w = c.w();
        Tensor gx = x.requiresGrad() ? Convolution.inputGradient(g, w, x.shape(), c.params()) : null;
        Tensor gw = w.requiresGrad() ? Convolution.weightGradient(g, x, w.shape(), c.params()) : null;
        return withBiasGradient(gx, gw, c.bias(), g);
    }

    /**
     * conv_transpose2d is conv2d's input gradient, so its input gradient is conv2d of g (cut back to x's size when
     * output padding made the output one stride longer) and its weight gradient is conv2d's weight gradient with
     * the roles of input and output gradient swapped.
     */
    private static Tensor[] convTranspose2d(Op.ConvTranspose2d c, Tensor g) {
        Tensor x = c.x(), w = c.w();
        Tensor gx = null;
        if (x.requiresGrad()) {
            gx = Convolution.conv2d(g, w, null, c.params());
            if (gx.dim(2) != x.dim(2) || gx.dim(3) != x.dim(3)) gx = gx.narrow(2, 0, x.dim(2)).narrow(3, 0, x.dim(3)).contiguous();
        }
        Tensor gw = w.requiresGrad() ? Convolution.weightGradient(x, g, w.shape(), c.params()) : null;
        return withBiasGradient(gx, gw, c.bias(), g);
    }

    private static Tensor[] withBiasGradient(Tensor gx, Tensor gw, Tensor bias, Tensor g) {
        if (bias == null) return new Tensor[] {gx, gw};
        return new Tensor[] {gx, gw, bias.requiresGrad() ? g.sum(new int[] {0, 2, 3}, false) : null};
    }

    /**
     * The weight gradient gw = corr(grad, x) is linear in each of grad and x: its gradient with respect to grad is the
     * convolution of x with g (g has the weight's shape), and with respect to x the transposed convolution of grad
     * with g.
     */
    private static Tensor[] conv2dWeightBackward(Op.Conv2dWeightBackward c, Tensor g) {
        Tensor grad = c.grad(), x = c.x();
        Tensor gGrad = grad.requiresGrad() ? Convolution.conv2d(x, g, null, c.params()) : null;
        Tensor gx = x.requiresGrad() ? Convolution.inputGradient(grad, g, x.shape(), c.params()) : null;
        return new Tensor[] {gGrad, gx};
    }

    /** Max pooling's backward scatters to the argmax positions, so its own gradient gathers from them. */
    private static Tensor maxPool2dBackwardGradient(Op.MaxPool2dBackward m, Tensor g) {
        Tensor indices = m.indices();
        int n = indices.dim(0), c = indices.dim(1);
        Tensor planes = g.reshape(n, c, -1);
        return planes.gather(2, indices.reshape(n, c, -1)).reshape(indices.dims());
    }

    // ---- normalization -------------------------------------------------------------------------------------------

    /**
     * Batch normalization: {@code y = a x + shift} per channel with {@code a = weight * invstd}. In training mode the
     * batch mean and variance depend on x too, which gives {@code dx = a (g - mean(g) - xhat mean(g xhat))} with
     * {@code xhat = (x - mean) invstd}; in eval mode {@code dx = a g}. {@code dweight = sum(g xhat)},
     * {@code dbias = sum(g)}. Without recording, the backend's per-channel ops compute this in two passes over the
     * activations; when recording (double backward) the same formula is composed from differentiable tensor ops.
     */
    private static Tensor[] batchNorm(Op.BatchNorm b, Tensor g) {
        Tensor[] grads = Grad.isEnabled() ? batchNormComposed(b, g) : batchNormFused(b, g);
        Tensor[] out = new Tensor[b.inputs().size()];
        int next = 0;
        out[next++] = grads[0];
        if (b.weight() != null) out[next++] = b.weight().requiresGrad() ? grads[1].to(b.weight().dtype()) : null;
        if (b.bias() != null) out[next] = b.bias().requiresGrad() ? grads[2].to(b.bias().dtype()) : null;
        return out;
    }

    /** {dx, dweight, dbias} through the backend's per-channel sums and affine map. */
    private static Tensor[] batchNormFused(Op.BatchNorm b, Tensor g) {
        Tensor x = b.x(), mean = b.mean(), invstd = b.invstd();
        Tensor gy = g.contiguous();
        Tensor sums = Normalization.channelGradSums(gy, x, mean);
        Tensor sumG = sums.select(0, 0), sumGx = sums.select(0, 1);
        Tensor a = b.weight() == null ? invstd : b.weight().to(x.dtype()).mul(invstd);
        Tensor gx;
        if (b.options().training()) {
            // a * (g - sum(g)/M - xhat * sum(g * xhat)/M) is a * g + coef * x + shift with these per-channel terms.
            double count = (double) x.numel() / x.dim(1);
            Tensor coef = a.mul(invstd).mul(invstd).mul(sumGx).mul(-1.0 / count);
            Tensor shift = a.mul(sumG).mul(-1.0 / count).sub(coef.mul(mean));
            gx = Normalization.channelAffine(gy, a, x, coef, shift);
        } else {
            gx = Normalization.channelAffine(gy, a, null, null, Tensor.zerosLike(a));
        }
        return new Tensor[] {gx, sumGx.mul(invstd), sumG};
    }

    /** {dx, dweight, dbias} composed from recorded tensor ops, the batch statistics recomputed from x. */
    private static Tensor[] batchNormComposed(Op.BatchNorm b, Tensor g) {
        Tensor x = b.x();
        int[] axes = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) if (i != 1) axes[j++] = i;
        int[] perChannel = new int[x.rank()];
        Arrays.fill(perChannel, 1);
        perChannel[1] = x.dim(1);
        Tensor mean, invstd;
        if (b.options().training()) {
            mean = x.mean(axes, true);
            invstd = x.sub(mean).square().mean(axes, true).add(b.options().eps()).rsqrt();
        } else {
            mean = b.mean().reshape(perChannel);
            invstd = b.invstd().reshape(perChannel);
        }
        Tensor xhat = x.sub(mean).mul(invstd);
        Tensor a = b.weight() == null ? invstd : b.weight().to(x.dtype()).reshape(perChannel).mul(invstd);
        Tensor gx = b.options().training()
                ? g.sub(g.mean(axes, true)).sub(xhat.mul(g.mul(xhat).mean(axes, true))).mul(a)
                : g.mul(a);
        return new Tensor[] {gx, g.mul(xhat).sum(axes, false), g.sum(axes, false)};
    }
}
