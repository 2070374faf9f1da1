package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.LayerNormGradients;
import io.jgrad.backend.LayerNormResult;
import io.jgrad.backend.Storage;

import java.util.Arrays;

/**
 * Layer normalization over the trailing dimensions {@code normalizedShape} of x, as PyTorch's {@code F.layer_norm}:
 * one recorded op on the backend's fused kernel ({@link Backend#layerNorm}), which sees x as rows [M, N] (N the
 * product of {@code normalizedShape}) and saves each row's mean and reciprocal standard deviation for its fused
 * backward, instead of a chain of broadcasting ops that each write a whole copy of x.
 *
 * <p>Double backward: the rule runs the backend's fused backward when nothing is recorded and, under
 * {@code createGraph}, the same formula composed from differentiable tensor ops (the statistics recomputed from x),
 * so gradients of gradients are exact.
 */
final class LayerNormalization {
    private static final String OP = "layer_norm";

    private LayerNormalization() {}

    static Tensor forward(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        check(x, normalizedShape, weight, bias);
        Tensor in = x.to(x.dtype().toFloating()).contiguous();
        Backend b = in.backend();
        int n = Shape.of(normalizedShape).numel(), m = rows(x, normalizedShape.length);
        Tensor w, t;
        try (var _ = Grad.off()) {
            w = weight == null ? null : weight.to(in.dtype()).contiguous();
            t = bias == null ? null : bias.to(in.dtype()).contiguous();
        }
        LayerNormResult r = b.layerNorm(in.storage(), rows(in, m, n), storage(w), vector(w, n), storage(t),
                vector(t, n), eps);
        Tensor y = Tensor.fresh(r.output(), x.shape(), b);
        Tensor mean = Tensor.fresh(r.mean(), Shape.of(m), b), rstd = Tensor.fresh(r.rstd(), Shape.of(m), b);
        return y.recordedAs(new Op.LayerNorm(in, weight, bias, mean, rstd, normalizedShape, eps));
    }

    /** The gradients of x, then weight and bias where given: the backend's fused backward, or the composed formula. */
    static Tensor[] gradients(Op.LayerNorm l, Tensor g) {
        Tensor[] grads = Grad.isEnabled() ? composedGradients(l, g) : fusedGradients(l, g);
        Tensor[] out = new Tensor[l.inputs().size()];
        int next = 0;
        out[next++] = grads[0];
        if (l.weight() != null) out[next++] = grads[1] == null ? null : grads[1].to(l.weight().dtype());
        if (l.bias() != null) out[next] = grads[2] == null ? null : grads[2].to(l.bias().dtype());
        return out;
    }

    /** {dx, dweight, dbias} from the backend's fused backward and the saved statistics (null where not needed). */
    private static Tensor[] fusedGradients(Op.LayerNorm l, Tensor g) {
        Tensor x = l.x();
        Backend b = x.backend();
        int n = Shape.of(l.normalizedShape()).numel(), m = l.mean().numel();
        Tensor gy = g.to(x.dtype()).contiguous(), w = l.weight() == null ? null : l.weight().to(x.dtype()).contiguous();
        boolean weightGrad = l.weight() != null && l.weight().requiresGrad();
        boolean biasGrad = l.bias() != null && l.bias().requiresGrad();
        LayerNormGradients r = b.layerNormBackward(gy.storage(), rows(gy, m, n), x.storage(), rows(x, m, n),
                l.mean().storage(), l.mean().layout(), l.rstd().storage(), l.rstd().layout(), storage(w), vector(w, n),
                weightGrad, biasGrad);
        Shape perColumn = Shape.of(l.normalizedShape());
        return new Tensor[] {Tensor.fresh(r.x(), x.shape(), b),
                r.weight() == null ? null : Tensor.fresh(r.weight(), perColumn, b),
                r.bias() == null ? null : Tensor.fresh(r.bias(), perColumn, b)};
    }

    /**
     * With {@code xhat = (x - mean) rstd} and {@code gw = g weight}: {@code dx = rstd (gw - mean(gw) - xhat
     * mean(gw xhat))} over the normalized axes, {@code dweight = sum(g xhat)} and {@code dbias = sum(g)} over the
     * others, all recorded.
     */
    private static Tensor[] composedGradients(Op.LayerNorm l, Tensor g) {
        Tensor x = l.x();
        int k = l.normalizedShape().length, lead = x.rank() - k;
        int[] normalized = new int[k], others = new int[lead];
        for (int i = 0; i < k; i++) normalized[i] = lead + i;
        for (int i = 0; i < lead; i++) others[i] = i;
        Tensor mean = x.mean(normalized, true);
        Tensor centered = x.sub(mean);
        Tensor rstd = centered.square().mean(normalized, true).add(l.eps()).rsqrt();
        Tensor xhat = centered.mul(rstd);
        Tensor gw = l.weight() == null ? g : g.mul(l.weight().to(x.dtype()));
        Tensor gx = gw.sub(gw.mean(normalized, true)).sub(xhat.mul(gw.mul(xhat).mean(normalized, true))).mul(rstd);
        Tensor gxhat = g.mul(xhat);
        return new Tensor[] {gx, lead == 0 ? gxhat : gxhat.sum(others, false), lead == 0 ? g : g.sum(others, false)};
    }

    /** PyTorch's checks, in its order and with its words. */
    private static void check(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias) {
        String shape = Arrays.toString(normalizedShape);
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException(OP + ": expected normalized_shape to be at least 1-dimensional, i.e.,"
                    + " containing at least one element, but got normalized_shape = []");
        }
        checkAffine("weight", weight, normalizedShape, x);
        checkAffine("bias", bias, normalizedShape, x);
        int k = normalizedShape.length;
        if (x.rank() < k || !Arrays.equals(Arrays.copyOfRange(x.dims(), x.rank() - k, x.rank()), normalizedShape)) {
            StringBuilder expected = new StringBuilder("[*");
            for (int d : normalizedShape) expected.append(", ").append(d);
            throw new IllegalArgumentException(OP + ": given normalized_shape=" + shape + ", expected input with shape "
                    + expected + "], but got input of size " + x.shape());
        }
    }

    private static void checkAffine(String name, Tensor t, int[] normalizedShape, Tensor x) {
        if (t == null) return;
        if (!Arrays.equals(t.dims(), normalizedShape)) {
            throw new IllegalArgumentException(OP + ": expected " + name + " to be of same shape as normalized_shape,"
                    + " but got " + name + " of shape " + t.shape() + " and normalized_shape = "
                    + Arrays.toString(normalizedShape));
        }
        if (t.backend() != x.backend()) {
            throw new IllegalArgumentException(OP + ": " + name + " is on backend " + t.backend().name()
                    + ", the input on " + x.backend().name());
        }
    }

    /** The product of x's leading dimensions, those before the {@code k} normalized ones. */
    private static int rows(Tensor x, int k) {
        int m = 1;
        for (int i = 0; i < x.rank() - k; i++) m *= x.dim(i);
        return m;
    }

    /** A contiguous tensor seen as rows [M, N]. */
    private static Layout rows(Tensor contiguous, int m, int n) {
        return new Layout(Shape.of(m, n), new int[] {n, 1}, contiguous.layout().offset());
    }

    private static Storage storage(Tensor t) { return t == null ? null : t.storage(); }

    /** A contiguous affine parameter seen as [N], or null. */
    private static Layout vector(Tensor t, int n) {
        return t == null ? null : new Layout(Shape.of(n), new int[] {1}, t.layout().offset());
    }
}
