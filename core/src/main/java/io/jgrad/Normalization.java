package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/**
 * Batch normalization over the channel axis (1) of [N, C, ...] inputs, on the backend's per-channel ops (moments,
 * gradient sums, a per-channel affine map) so that each direction reads the activations once or twice instead of
 * through a chain of broadcasting ops. PyTorch's semantics: training normalizes with the biased batch variance and
 * moves the running variance toward the unbiased one; eval normalizes with the running statistics.
 */
final class Normalization {
    private Normalization() {}

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, BatchNormOptions o) {
        String op = "batch_norm";
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": expected an input [N, C, ...] of rank >= 2, got shape " + x.shape());
        int c = x.dim(1);
        checkPerChannel(op, "running_mean", runningMean, c, x);
        checkPerChannel(op, "running_var", runningVar, c, x);
        checkPerChannel(op, "weight", weight, c, x);
        checkPerChannel(op, "bias", bias, c, x);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": running_mean and running_var must both be given or both be null");
        }
        Tensor in = x.to(x.dtype().toFloating()).contiguous();
        Backend backend = in.backend();
        long count = x.numel() / Math.max(c, 1);
        Tensor mean, invstd, scale, shift;
        try (var _ = Grad.off()) {
            Tensor var;
            if (o.training()) {
                if (count <= 1) {
                    throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input shape " + x.shape());
                }
                Tensor moments = Tensor.fresh(backend.channelMoments(in.storage(), in.layout()), Shape.of(2, c), backend);
                mean = moments.select(0, 0);
                var = moments.select(0, 1);
                if (runningMean != null) {
                    runningMean.mulInPlace(1 - o.momentum()).addInPlace(mean, o.momentum());
                    runningVar.mulInPlace(1 - o.momentum()).addInPlace(var.mul((double) count / (count - 1)), o.momentum());
                }
            } else {
                if (runningMean == null) {
                    throw new IllegalArgumentException(op + ": eval mode needs running_mean and running_var (input shape " + x.shape() + ")");
                }
                mean = runningMean.to(in.dtype()).contiguous();
                var = runningVar.to(in.dtype());
            }
            // y = x * scale + shift per channel, scale = weight / sqrt(var + eps), shift = bias - mean * scale.
            invstd = var.add(o.eps()).rsqrt();
            scale = weight == null ? invstd : weight.to(in.dtype()).mul(invstd);
            shift = bias == null ? mean.mul(scale).neg() : bias.to(in.dtype()).sub(mean.mul(scale));
        }
        Tensor y = channelAffine(in, scale, null, null, shift);
        return y.recordedAs(new Op.BatchNorm(in, weight, bias, mean, invstd, o));
    }

    /** [2, C]: each channel's sum of g, then its sum of {@code g * (x - center[c])}; g and x share a shape. */
    static Tensor channelGradSums(Tensor g, Tensor x, Tensor center) {
        Backend backend = g.backend();
        Tensor c = center.contiguous();
        return Tensor.fresh(backend.channelGradSums(g.storage(), g.layout(), x.storage(), x.layout(), c.storage(), c.layout()),
                Shape.of(2, x.dim(1)), backend);
    }

    /** {@code scale[c] * u + vScale[c] * v + shift[c]} on u's backend (v and vScale may be null); not recorded. */
    static Tensor channelAffine(Tensor u, Tensor scale, Tensor v, Tensor vScale, Tensor shift) {
        Tensor s = scale.contiguous(), t = shift.contiguous(), vs = vScale == null ? null : vScale.contiguous();
        Storage out = u.backend().channelAffine(u.storage(), u.layout(), s.storage(), s.layout(),
                v == null ? null : v.storage(), v == null ? null : v.layout(),
                vs == null ? null : vs.storage(), vs == null ? null : vs.layout(), t.storage(), t.layout());
        return Tensor.fresh(out, u.shape(), u.backend());
    }

    private static void checkPerChannel(String op, String name, Tensor t, int c, Tensor x) {
        if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + t.shape() + " does not match the " + c
                    + " channels of input shape " + x.shape());
        }
    }
}
