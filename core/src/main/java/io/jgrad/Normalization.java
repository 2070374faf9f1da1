package io.jgrad;

import io.jgrad.autograd.Grad;

/**
 * Batch normalization over the channel axis (1) of [N, C, ...] inputs, composed from tensor ops so that its
 * gradient and every backend come for free. PyTorch's semantics: training normalizes with the biased batch variance
 * and moves the running variance toward the unbiased one; eval normalizes with the running statistics.
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
        Tensor in = x.to(x.dtype().toFloating());
        int[] axes = new int[x.rank() - 1];
        axes[0] = 0;
        for (int i = 2; i < x.rank(); i++) axes[i - 1] = i;
        int[] perChannel = new int[x.rank()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        Tensor mean, var;
        if (o.training()) {
            int count = x.numel() / Math.max(c, 1);
            if (count <= 1) {
                throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input shape " + x.shape());
            }
            mean = in.mean(axes, true);
            var = in.var(axes, 0, true);
            if (runningMean != null) {
                try (var _ = Grad.off()) {
                    Tensor batchMean = mean.detach().reshape(c);
                    Tensor unbiased = var.detach().reshape(c).mul((double) count / (count - 1));
                    runningMean.mulInPlace(1 - o.momentum()).addInPlace(batchMean, o.momentum());
                    runningVar.mulInPlace(1 - o.momentum()).addInPlace(unbiased, o.momentum());
                }
            }
        } else {
            if (runningMean == null) {
                throw new IllegalArgumentException(op + ": eval mode needs running_mean and running_var (input shape " + x.shape() + ")");
            }
            mean = runningMean.to(in.dtype()).reshape(perChannel);
            var = runningVar.to(in.dtype()).reshape(perChannel);
        }
        Tensor y = in.sub(mean).mul(var.add(o.eps()).rsqrt());
        if (weight != null) y = y.mul(weight.reshape(perChannel));
        if (bias != null) y = y.add(bias.reshape(perChannel));
        return y;
    }

    private static void checkPerChannel(String op, String name, Tensor t, int c, Tensor x) {
        if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + t.shape() + " does not match the " + c
                    + " channels of input shape " + x.shape());
        }
    }
}
