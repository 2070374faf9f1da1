package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import java.util.ArrayList;
import java.util.List;

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
        Tensor y = Tensor.fresh(channelAffine(in, scale, null, null, shift), in.shape(), backend);
        List<Tensor> inputs = new ArrayList<>(List.of(in));
        if (weight != null) inputs.add(weight);
        if (bias != null) inputs.add(bias);
        Tensor[] saved = weight == null ? new Tensor[] {in} : new Tensor[] {in, weight};
        boolean batchStatistics = o.training();
        return y.recordedAs("batch_norm", inputs.toArray(Tensor[]::new), saved, g -> {
            Tensor gy = g.contiguous();
            Tensor sums = Tensor.fresh(backend.channelGradSums(gy.storage(), gy.layout(), in.storage(), in.layout(),
                    mean.storage(), mean.layout()), Shape.of(2, c), backend);
            Tensor sumG = sums.select(0, 0), sumGx = sums.select(0, 1);
            Tensor gamma = weight == null ? null : weight.to(in.dtype());
            Tensor a = gamma == null ? invstd : gamma.mul(invstd);
            Tensor gx;
            if (batchStatistics) {
                // The batch mean and variance depend on x too: dx = a * (g - sum(g)/M - xhat * sum(g * xhat)/M), with
                // xhat = (x - mean) * invstd, i.e. a * g + b * x + shift with the per-channel b and shift below.
                Tensor b = a.mul(invstd).mul(invstd).mul(sumGx).mul(-1.0 / count);
                Tensor gShift = a.mul(sumG).mul(-1.0 / count).sub(b.mul(mean));
                gx = Tensor.fresh(channelAffine(gy, a, in, b, gShift), in.shape(), backend);
            } else {
                gx = Tensor.fresh(channelAffine(gy, a, null, null, Tensor.zerosLike(a)), in.shape(), backend);
            }
            Tensor[] grads = new Tensor[inputs.size()];
            grads[0] = gx;
            int next = 1;
            if (weight != null) grads[next++] = sumGx.mul(invstd).to(weight.dtype());
            if (bias != null) grads[next] = sumG.to(bias.dtype());
            return grads;
        });
    }

    /** {@code scale[c] * u + vScale[c] * v + shift[c]} on u's backend (v and vScale may be null). */
    private static Storage channelAffine(Tensor u, Tensor scale, Tensor v, Tensor vScale, Tensor shift) {
        Tensor s = scale.contiguous(), t = shift.contiguous(), vs = vScale == null ? null : vScale.contiguous();
        return u.backend().channelAffine(u.storage(), u.layout(), s.storage(), s.layout(),
                v == null ? null : v.storage(), v == null ? null : v.layout(),
                vs == null ? null : vs.storage(), vs == null ? null : vs.layout(), t.storage(), t.layout());
    }

    private static void checkPerChannel(String op, String name, Tensor t, int c, Tensor x) {
        if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + t.shape() + " does not match the " + c
                    + " channels of input shape " + x.shape());
        }
    }
}
