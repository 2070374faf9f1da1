package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/**
 * Batch normalization over the channel axis (1) of [N, C, ...] inputs, on the backend's per-channel ops (moments,
 * gradient sums, a per-channel affine map) so that each direction reads the activations once or twice instead of
 * through a chain of broadcasting ops. PyTorch's semantics: training normalizes with the biased batch variance and
 * moves the running variance toward the unbiased one; eval normalizes with the running statistics. Group and instance
 * normalization are batch normalization of a reshaped view (each sample's group or channel a channel of its own), so
 * they use the same per-channel ops on every backend.
 */
final class Normalization {
    private Normalization() {}

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, BatchNormOptions o) {
        String op = "batch_norm";
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": expected an input [N, C, ...] of rank >= 2, got shape " + x.shape());
        int c = x.dim(1);
        checkPerChannelInputs(op, x, runningMean, runningVar, weight, bias);
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

    /**
     * Group normalization: x [N, C, ...] seen as [1, N * groups, C / groups * ...] is batch-normalized in training
     * mode (each sample's group is one channel there, normalized by its own statistics), then the per-channel affine
     * map applies.
     */
    static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        String op = "group_norm";
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": expected an input [N, C, ...] of rank >= 2, got shape " + x.shape());
        int n = x.dim(0), c = x.dim(1);
        if (groups <= 0 || c % groups != 0) {
            throw new IllegalArgumentException(op + ": the " + c + " channels of input shape " + x.shape()
                    + " cannot be split into " + groups + " groups");
        }
        checkPerChannel(op, "weight", weight, c, x);
        checkPerChannel(op, "bias", bias, c, x);
        int perGroup = n == 0 ? 0 : x.numel() / (n * groups);
        if (n > 0 && perGroup <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 value per group, got input shape " + x.shape()
                    + " with " + groups + " groups");
        }
        Tensor grouped = x.reshape(1, n * groups, perGroup);
        Tensor y = batchNorm(grouped, null, null, null, null, BatchNormOptions.train().eps(eps)).reshape(x.dims());
        return perChannelAffine(y, weight, bias);
    }

    /**
     * Instance normalization: with the input's statistics, x [N, C, ...] seen as [1, N * C, ...] is batch-normalized
     * in training mode, with the per-channel weight, bias and running statistics repeated for every sample; the
     * running statistics then take the mean of their N updated copies (PyTorch's implementation). Without, it is
     * batch normalization in eval mode.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                               boolean useInputStats, BatchNormOptions o) {
        String op = "instance_norm";
        if (x.rank() < 3) throw new IllegalArgumentException(op + ": expected an input [N, C, ...] of rank >= 3, got shape " + x.shape());
        int n = x.dim(0), c = x.dim(1);
        checkPerChannelInputs(op, x, runningMean, runningVar, weight, bias);
        if (!useInputStats) {
            if (runningMean == null) {
                throw new IllegalArgumentException(op + ": normalizing with running statistics needs running_mean and running_var"
                        + " (input shape " + x.shape() + ")");
            }
            return batchNorm(x, runningMean, runningVar, weight, bias, new BatchNormOptions(false, o.momentum(), o.eps()));
        }
        if (n > 0 && x.numel() / (n * Math.max(c, 1)) <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 spatial element when using the input's statistics,"
                    + " got input shape " + x.shape());
        }
        int[] dims = x.dims();
        int[] merged = dims.clone();
        merged[0] = 1;
        merged[1] = n * c;
        Tensor meanCopies = null, varCopies = null;
        if (runningMean != null) {
            try (var off = Grad.off()) {
                meanCopies = repeatPerSample(runningMean, n).contiguousCopy();
                varCopies = repeatPerSample(runningVar, n).contiguousCopy();
            }
        }
        Tensor y = batchNorm(x.reshape(merged), meanCopies, varCopies,
                weight == null ? null : repeatPerSample(weight, n), bias == null ? null : repeatPerSample(bias, n),
                new BatchNormOptions(true, o.momentum(), o.eps())).reshape(dims);
        if (runningMean != null && n > 0) {
            try (var off = Grad.off()) {
                runningMean.copyFrom(meanCopies.reshape(n, c).mean(0, false));
                runningVar.copyFrom(varCopies.reshape(n, c).mean(0, false));
            }
        }
        return y;
    }

    /** A per-channel vector [C] repeated for each of n samples: [n * C] (recorded: gradients sum over the copies). */
    private static Tensor repeatPerSample(Tensor perChannel, int n) {
        return perChannel.unsqueeze(0).expand(n, perChannel.dim(0)).reshape(-1);
    }

    /** {@code y * weight[c] + bias[c]} over [N, C, ...] (either may be null), with recorded broadcasting ops. */
    private static Tensor perChannelAffine(Tensor y, Tensor weight, Tensor bias) {
        int[] perChannel = new int[y.rank()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = y.dim(1);
        if (weight != null) y = y.mul(weight.reshape(perChannel));
        if (bias != null) y = y.add(bias.reshape(perChannel));
        return y;
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

    /** The optional running statistics and affine parameters are [C] each, and the statistics come as a pair. */
    private static void checkPerChannelInputs(String op, Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias) {
        int c = x.dim(1);
        checkPerChannel(op, "running_mean", runningMean, c, x);
        checkPerChannel(op, "running_var", runningVar, c, x);
        checkPerChannel(op, "weight", weight, c, x);
        checkPerChannel(op, "bias", bias, c, x);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": running_mean and running_var must both be given or both be null");
        }
    }

    private static void checkPerChannel(String op, String name, Tensor t, int c, Tensor x) {
        if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + t.shape() + " does not match the " + c
                    + " channels of input shape " + x.shape());
        }
    }
}
