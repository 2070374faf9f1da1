package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.Pool1dOptions;
import io.jgrad.Tensor;

/**
 * Max pooling over [N, C, L] inputs, as PyTorch's {@code nn.MaxPool1d}: the stride defaults to the kernel size.
 * {@code new MaxPool1d(2)}, {@code new MaxPool1d(3).stride(2).padding(1)}. It runs as the 2-D pooling over a unit
 * height, and commutes with ReLU as {@link MaxPool2d} does.
 */
public final class MaxPool1d extends Module implements CommutesWithActivation {
    private Pool1dOptions options;

    public MaxPool1d(int kernel) { options = Pool1dOptions.kernel(PoolChecks.positive("MaxPool1d", "kernel size", kernel)); }

    public MaxPool1d stride(int s) {
        options = options.stride(PoolChecks.positive("MaxPool1d", "stride", s));
        return this;
    }

    /** Implicit -infinity padding on each side; at most half the kernel, as in PyTorch. */
    public MaxPool1d padding(int p) {
        options = options.padding(PoolChecks.padding("MaxPool1d", p, options.kernel()));
        return this;
    }

    public MaxPool1d dilation(int d) {
        options = options.dilation(PoolChecks.positive("MaxPool1d", "dilation", d));
        return this;
    }

    public MaxPool1d ceilMode(boolean on) {
        options = options.ceilMode(on);
        return this;
    }

    public Pool1dOptions options() { return options; }

    @Override
    public boolean commutesWith(Activation activation) { return activation.commutesWithMax(); }

    @Override
    public Tensor forward(Tensor x) { return F.maxPool1d(x, options); }

    @Override
    public String toString() { return "MaxPool1d(kernel=" + options.kernel() + ", stride=" + options.stride() + ", padding=" + options.pad() + ")"; }
}
