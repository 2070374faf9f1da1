package io.jgrad.autograd;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.SpecialFunctions;
import io.jgrad.backend.UnaryOp;

/**
 * Every gradient rule in one place, written with tensor ops so that every backend gets gradients for free.
 * {@code g} is the gradient of the op's output; each rule returns the gradient of each input, shaped like it.
 * Rules run with grad mode off (no double backward).
 */
public final class Gradients {
    private Gradients() {}

    /** Sums a broadcast gradient back to the shape of the input that was broadcast. */
    public static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int lead = g.rank() - shape.rank();
        int count = 0;
        int[] axes = new int[g.rank()];
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (shape.dim(i - lead) == 1 && g.dim(i) != 1)) axes[count++] = i;
        }
        Tensor summed = g.sum(java.util.Arrays.copyOf(axes, count), true);
        return summed.reshape(shape.dims());
    }

    /** Unary ops whose rule reads the output rather than the input. */
    public static boolean unaryUsesOutput(UnaryOp op) {
        return switch (op) {
            case EXP, SQRT, RSQRT, RECIPROCAL, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    public static Tensor unary(UnaryOp op, Tensor g, Tensor x, Tensor out, double a, double b) {
        return switch (op) {
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
            case GELU -> {
                // d/dx x*Phi(x) = Phi(x) + x*phi(x)
                Tensor cdf = x.div(Math.sqrt(2)).erf().add(1).mul(0.5);
                Tensor pdf = x.square().mul(-0.5).exp().div(Math.sqrt(2 * Math.PI));
                yield g.mul(cdf.add(x.mul(pdf)));
            }
            case GELU_TANH -> {
                double c = SpecialFunctions.SQRT_2_OVER_PI;
                Tensor t = x.add(x.pow(3).mul(0.044715)).mul(c).tanh();
                Tensor du = x.square().mul(3 * 0.044715).add(1).mul(c);
                Tensor d = t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().rsub(1)).mul(du));
                yield g.mul(d);
            }
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
     * {@code x <= 0 ? 0 : g} (NaN in x passes g through): one fused backend pass where the views agree in shape, dtype
     * and backend, else a compare and a select.
     */
    private static Tensor reluGradient(Tensor g, Tensor x) {
        if (!g.shape().equals(x.shape()) || g.dtype() != x.dtype() || g.backend() != x.backend()) return g.maskedFill(x.le(0), 0);
        Backend b = x.backend();
        return Tensor.fromStorage(b.reluBackward(g.storage(), g.layout(), x.storage(), x.layout()), Layout.contiguous(x.shape()), b);
    }

    public static Tensor[] binary(BinaryOp op, Tensor g, Tensor x, Tensor y, Tensor out) {
        Shape sx = x.shape(), sy = y.shape();
        return switch (op) {
            case ADD -> new Tensor[] {sumTo(g, sx), sumTo(g, sy)};
            case SUB -> new Tensor[] {sumTo(g, sx), sumTo(g.neg(), sy)};
            case MUL -> new Tensor[] {sumTo(g.mul(y), sx), sumTo(g.mul(x), sy)};
            case DIV -> new Tensor[] {sumTo(g.div(y), sx), sumTo(g.mul(out).div(y).neg(), sy)};
            case POW -> {
                Tensor gx = g.mul(y).mul(x.pow(y.sub(1)));
                // d/dy x^y = x^y log x; at x = 0 PyTorch defines it as 0 (the limit for y > 0).
                Tensor logX = Tensor.where(x.eq(0), Tensor.zerosLike(x), x.log());
                yield new Tensor[] {sumTo(gx, sx), sumTo(g.mul(out).mul(logX), sy)};
            }
            case MINIMUM, MAXIMUM -> {
                // The winner takes the gradient; ties split it evenly, as in PyTorch.
                Tensor wins = op == BinaryOp.MAXIMUM ? x.gt(y) : x.lt(y);
                Tensor share = wins.to(g.dtype()).add(x.eq(y).to(g.dtype()).mul(0.5));
                yield new Tensor[] {sumTo(g.mul(share), sx), sumTo(g.mul(share.rsub(1)), sy)};
            }
        };
    }

    /** {@code g} and {@code out} have the reduction's shape with reduced axes kept at size 1. */
    public static Tensor reduce(ReduceOp op, Tensor g, Tensor x, Tensor out) {
        Tensor ge = g.expand(x.dims());
        return switch (op) {
            case SUM -> ge.contiguous();
            case MAX, MIN -> {
                Tensor hit = x.eq(out).to(g.dtype());
                Tensor count = hit.sum(keptAxes(x.shape(), out.shape()), true);
                yield ge.mul(hit).div(count);
            }
            case PROD -> {
                // out / x fails at zeros: with one zero in a slice its gradient is the product of the others.
                Tensor isZero = x.eq(0);
                Tensor nonZero = Tensor.where(isZero, Tensor.onesLike(x), x);
                int[] axes = keptAxes(x.shape(), out.shape());
                Tensor prodOthers = nonZero.prod(axes, true);
                Tensor zeros = isZero.to(DType.I64).sum(axes, true);
                Tensor atZero = Tensor.where(zeros.eq(1), prodOthers, Tensor.zerosLike(prodOthers));
                yield ge.mul(Tensor.where(isZero, atZero.expand(x.dims()), out.div(nonZero)));
            }
        };
    }

    private static int[] keptAxes(Shape in, Shape kept) {
        int[] axes = new int[in.rank()];
        int n = 0;
        for (int i = 0; i < in.rank(); i++) if (kept.dim(i) == 1 && in.dim(i) != 1) axes[n++] = i;
        return java.util.Arrays.copyOf(axes, n);
    }

    public static Tensor softmax(Tensor g, Tensor out, int axis, boolean log) {
        if (log) return g.sub(out.exp().mul(g.sum(axis, true)));
        return out.mul(g.sub(g.mul(out).sum(axis, true)));
    }

    /** Matmul of [..., M, K] and [..., K, N]; batch dims are summed back where an operand was broadcast. */
    public static Tensor[] matmul(Tensor g, Tensor a, Tensor b) {
        Tensor ga = g.matmul(b.transpose(-1, -2));
        Tensor gb = a.transpose(-1, -2).matmul(g);
        return new Tensor[] {sumTo(ga, a.shape()), sumTo(gb, b.shape())};
    }

    /**
     * linear: {@code y = x w^T + b} with x [M, K], w [N, K]. {@code gx = g w}, {@code gw = g^T x} (both read the
     * transposes through the GEMM's flags), {@code gb} sums g over rows; an input that needs no gradient gets none,
     * which saves a whole GEMM for a network's first layer.
     */
    public static Tensor[] linear(Tensor g, Tensor x, Tensor w, Tensor b) {
        Tensor gx = x.requiresGrad() ? g.matmul(w) : null;
        Tensor gw = w.requiresGrad() ? g.t().matmul(x) : null;
        if (b == null) return new Tensor[] {gx, gw};
        return new Tensor[] {gx, gw, b.requiresGrad() ? g.sum(0, false) : null};
    }

    /**
     * linear_relu: {@code y = relu(x w^T + b)}. The output is zero exactly where the pre-activation is {@code <= 0}
     * (a NaN passes through both), so masking g where {@code y <= 0} is ReLU's gradient; then as {@link #linear}.
     */
    public static Tensor[] linearRelu(Tensor g, Tensor y, Tensor x, Tensor w, Tensor b) {
        return linear(reluGradient(g, y), x, w, b);
    }

    public static Tensor[] where(Tensor g, Tensor cond, Tensor x, Tensor y) {
        Tensor zero = Tensor.zerosLike(g);
        return new Tensor[] {sumTo(Tensor.where(cond, g, zero), x.shape()), sumTo(Tensor.where(cond, zero, g), y.shape())};
    }

    /** The gradient of a slice: zeros with {@code g} written where the slice came from. */
    public static Tensor sliceBackward(Tensor g, Shape inputShape, int axis, int start, int step) {
        Tensor full = Tensor.zeros(g.dtype(), inputShape.dims()).to(g.backend());
        if (g.numel() > 0) full.slice(axis, start, start + (g.dim(axis) - 1) * step + 1, step).copyFrom(g);
        return full;
    }

    /** Zeros of {@code inputShape} with {@code g} added at {@code index} along an axis (gather's gradient). */
    public static Tensor scatterInto(Tensor g, Shape inputShape, int axis, Tensor index) {
        Tensor zeros = Tensor.zeros(g.dtype(), inputShape.dims()).to(g.backend());
        return zeros.scatterAdd(axis, index, g);
    }

    // ---- convolution and pooling (io.jgrad.Convolution, io.jgrad.Pooling) ---------------------------------------

    /**
     * conv2d: gradients of x, w and (when present) the bias, which sums the output gradient over N, H and W. An
     * operand that does not require a gradient (a network's input images) gets none: its convolution is skipped.
     */
    public static Tensor[] conv2d(Tensor g, Tensor x, Tensor w, boolean hasBias, io.jgrad.backend.Conv2dParams p) {
        Tensor gx = x.requiresGrad() ? io.jgrad.Convolution.inputGradient(g, w, x.shape(), p) : null;
        Tensor gw = w.requiresGrad() ? io.jgrad.Convolution.weightGradient(g, x, w.shape(), p) : null;
        return hasBias ? new Tensor[] {gx, gw, g.sum(new int[] {0, 2, 3}, false)} : new Tensor[] {gx, gw};
    }

    /**
     * conv_transpose2d is conv2d's input gradient, so its input gradient is conv2d of g (cut back to x's size when
     * output padding made the output one stride longer) and its weight gradient is conv2d's weight gradient with
     * the roles of input and output gradient swapped.
     */
    public static Tensor[] convTranspose2d(Tensor g, Tensor x, Tensor w, boolean hasBias, io.jgrad.backend.Conv2dParams p) {
        Tensor gx = null;
        if (x.requiresGrad()) {
            gx = io.jgrad.Convolution.conv2d(g, w, null, p);
            if (gx.dim(2) != x.dim(2) || gx.dim(3) != x.dim(3)) gx = gx.narrow(2, 0, x.dim(2)).narrow(3, 0, x.dim(3)).contiguous();
        }
        Tensor gw = w.requiresGrad() ? io.jgrad.Convolution.weightGradient(x, g, w.shape(), p) : null;
        return hasBias ? new Tensor[] {gx, gw, g.sum(new int[] {0, 2, 3}, false)} : new Tensor[] {gx, gw};
    }

    public static Tensor maxPool2d(Tensor g, Tensor indices, Shape inputShape) {
        return io.jgrad.Pooling.maxPool2dBackward(g, indices, inputShape);
    }

    public static Tensor avgPool2d(Tensor g, Shape inputShape, io.jgrad.backend.Pool2dParams p) {
        return io.jgrad.Pooling.avgPool2dBackward(g, inputShape, p);
    }

    public static Tensor adaptiveAvgPool2d(Tensor g, Shape inputShape) {
        return io.jgrad.Pooling.adaptiveAvgPool2dBackward(g, inputShape);
    }
}
