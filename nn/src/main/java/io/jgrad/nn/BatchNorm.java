package io.jgrad.nn;

import io.jgrad.BatchNormOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backend;

import java.util.Map;

/**
 * Batch normalization per channel (axis 1), shared by {@link BatchNorm1d} and {@link BatchNorm2d}, as PyTorch's:
 * parameters {@code weight} (ones) and {@code bias} (zeros) unless {@code affine(false)}; buffers
 * {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked}, so state dicts load into
 * and from PyTorch. In training mode the batch statistics normalize and the running ones move toward them by
 * {@code momentum}; in eval mode the running statistics normalize. Channels are given or inferred on the first call.
 */
public abstract class BatchNorm<B extends BatchNorm<B>> extends Module {
    private int channels = -1;
    private double momentum = 0.1, eps = 1e-5;
    private boolean affine = true;

    protected BatchNorm(int channels) {
        if (channels != -1) {
            if (channels <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": channels must be positive, got " + channels);
            build(channels, DType.F32, null);
        }
    }

    @SuppressWarnings("unchecked")
    private B self() { return (B) this; }

    /** The weight of the batch statistic in the running average (PyTorch's 0.1). */
    public B momentum(double m) {
        if (!(m >= 0 && m <= 1)) throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1], got " + m);
        momentum = m;
        return self();
    }

    public B eps(double e) {
        if (!(e >= 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be non-negative, got " + e);
        eps = e;
        return self();
    }

    /** Without the learned scale and shift. */
    public B affine(boolean on) {
        affine = on;
        if (!on) {
            removeParameter("weight");
            removeParameter("bias");
        } else if (isBuilt() && parameter("weight") == null) {
            Tensor mean = runningMean();
            registerParameter("weight", Tensor.onesLike(mean));
            registerParameter("bias", Tensor.zerosLike(mean));
        }
        return self();
    }

    /** Whether {@code rank} is an input rank this layer takes, and how to name the expected layouts. */
    protected abstract boolean acceptsRank(int rank);

    protected abstract String expectedLayouts();

    @SuppressWarnings("try") // the scope only routes creation to the backend; it is not read
    private void build(int c, DType type, Backend backend) {
        channels = c;
        Tensor mean, var, count;
        try (var on = creatingOn(backend)) {
            mean = Tensor.zeros(type, c);
            var = Tensor.ones(type, c);
            count = Tensor.zeros(DType.I64);
        }
        if (affine) {
            registerParameter("weight", Tensor.onesLike(mean));
            registerParameter("bias", Tensor.zerosLike(mean));
        }
        registerBuffer("running_mean", mean);
        registerBuffer("running_var", var);
        registerBuffer("num_batches_tracked", count);
    }

    @Override
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public Tensor forward(Tensor x) {
        String name = getClass().getSimpleName();
        if (!acceptsRank(x.rank())) throw new IllegalArgumentException(name + ": expected " + expectedLayouts() + ", got shape " + x.shape());
        if (!isBuilt()) build(x.dim(1), x.dtype().isFloating() ? x.dtype() : DType.F32, x.backend());
        if (x.dim(1) != channels) throw new IllegalArgumentException(name + ": expected " + channels + " channels, got shape " + x.shape());
        boolean training = isTraining();
        if (training) {
            try (var g = Grad.off()) {
                Tensor count = buffer("num_batches_tracked");
                count.copyFrom(count.add(1).to(count.dtype()));
            }
        }
        BatchNormOptions o = new BatchNormOptions(training, momentum, eps);
        return F.batchNorm(x, runningMean(), runningVar(), parameter("weight"), parameter("bias"), o);
    }

    @Override
    protected void materialize(String prefix, Map<String, Tensor> state) {
        if (isBuilt()) return;
        Tensor mean = state.get(prefix + "running_mean");
        if (mean != null && mean.rank() == 1) build(mean.dim(0), mean.dtype().isFloating() ? mean.dtype() : DType.F32, null);
    }

    public boolean isBuilt() { return channels >= 0; }

    /** The channels, or -1 before a lazy layer has seen its first input. */
    public int channels() { return channels; }

    public double momentum() { return momentum; }

    public double eps() { return eps; }

    /** Whether the layer has the learned scale and shift. */
    public boolean isAffine() { return affine; }

    public Tensor runningMean() { return buffer("running_mean"); }

    public Tensor runningVar() { return buffer("running_var"); }

    /** Training-mode forward passes so far. */
    public long batchesTracked() { return buffer("num_batches_tracked").longItem(); }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + (isBuilt() ? channels : "?") + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + affine + ")";
    }
}
