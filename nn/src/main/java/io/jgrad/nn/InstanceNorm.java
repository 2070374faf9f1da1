package io.jgrad.nn;

import io.jgrad.BatchNormOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

/**
 * Instance normalization, shared by {@link InstanceNorm1d} and {@link InstanceNorm2d}, as PyTorch's: each sample's
 * channel is normalized by its own mean and biased variance. By default, as in PyTorch, there is no learned affine map
 * and no running statistics, so training and eval mode compute the same. {@code affine(true)} adds the parameters
 * {@code weight} (ones) and {@code bias} (zeros); {@code trackRunningStats(true)} adds the buffers
 * {@code running_mean}, {@code running_var} and {@code num_batches_tracked}: training moves them toward the batch's
 * average per-instance mean and unbiased variance by {@code momentum}, and eval mode normalizes with them. An
 * unbatched input (without the N axis) is taken as a batch of one.
 */
public abstract class InstanceNorm<I extends InstanceNorm<I>> extends Module {
    private final int channels;
    private double momentum = 0.1, eps = 1e-5;

    protected InstanceNorm(int channels) {
        if (channels <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": channels must be positive, got " + channels);
        this.channels = channels;
    }

    @SuppressWarnings("unchecked")
    private I self() { return (I) this; }

    /** With a learned per-channel scale ({@code weight}, ones) and shift ({@code bias}, zeros). */
    public I affine(boolean on) {
        if (on && parameter("weight") == null) {
            registerParameter("weight", perChannel(1));
            registerParameter("bias", perChannel(0));
        } else if (!on) {
            removeParameter("weight");
            removeParameter("bias");
        }
        return self();
    }

    /** {@code value} in [C], with the dtype and on the backend of the layer's other state (F32 when it has none). */
    private Tensor perChannel(double value) {
        Tensor like = parameter("weight") != null ? parameter("weight") : buffer("running_mean");
        return like == null ? Tensor.full(DType.F32, value, channels) : like.newFull(value, channels);
    }

    /** With running statistics, updated in training mode and used in eval mode. */
    public I trackRunningStats(boolean on) {
        if (on && buffer("running_mean") == null) {
            registerBuffer("running_mean", perChannel(0));
            registerBuffer("running_var", perChannel(1));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.I64).to(buffer("running_mean").backend()));
        } else if (!on) {
            removeBuffer("running_mean");
            removeBuffer("running_var");
            removeBuffer("num_batches_tracked");
        }
        return self();
    }

    /** The weight of the batch statistic in the running average (PyTorch's 0.1). */
    public I momentum(double m) {
        if (!(m >= 0 && m <= 1)) throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got " + m);
        momentum = m;
        return self();
    }

    public I eps(double e) {
        if (!(e >= 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be non-negative, got " + e);
        eps = e;
        return self();
    }

    /** The rank of a batched input ([N, C, L] is 3, [N, C, H, W] is 4); one less is an unbatched input. */
    protected abstract int batchedRank();

    protected abstract String expectedLayouts();

    @Override
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public Tensor forward(Tensor x) {
        String name = getClass().getSimpleName();
        boolean unbatched = x.rank() == batchedRank() - 1;
        if (!unbatched && x.rank() != batchedRank()) {
            throw new IllegalArgumentException(name + ": expected " + expectedLayouts() + ", got shape " + x.shape());
        }
        Tensor in = unbatched ? x.unsqueeze(0) : x;
        if (in.dim(1) != channels) throw new IllegalArgumentException(name + ": expected " + channels + " channels, got shape " + x.shape());
        Tensor mean = buffer("running_mean"), var = buffer("running_var");
        boolean useInputStats = isTraining() || mean == null;
        if (isTraining() && mean != null) {
            try (var g = Grad.off()) {
                Tensor count = buffer("num_batches_tracked");
                count.copyFrom(count.add(1).to(count.dtype()));
            }
        }
        BatchNormOptions o = new BatchNormOptions(useInputStats, momentum, eps);
        Tensor y = F.instanceNorm(in, mean, var, parameter("weight"), parameter("bias"), useInputStats, o);
        return unbatched ? y.squeeze(0) : y;
    }

    public int channels() { return channels; }

    public double momentum() { return momentum; }

    public double eps() { return eps; }

    /** Whether the layer has the learned {@code weight} and {@code bias} ({@link #affine}). */
    public boolean isAffine() { return parameter("weight") != null; }

    /** Whether the layer keeps running statistics ({@link #trackRunningStats}). */
    public boolean tracksRunningStats() { return buffer("running_mean") != null; }

    /** The running mean, or null without {@link #trackRunningStats}. */
    public Tensor runningMean() { return buffer("running_mean"); }

    /** The running variance, or null without {@link #trackRunningStats}. */
    public Tensor runningVar() { return buffer("running_var"); }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + channels + ", eps=" + eps + ", momentum=" + momentum + ", affine="
                + isAffine() + ", trackRunningStats=" + tracksRunningStats() + ")";
    }
}
