package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;

/**
 * Max pooling over [N, C, H, W] inputs, as PyTorch's {@code nn.MaxPool2d}: the stride defaults to the kernel size.
 * {@code new MaxPool2d(2)}, {@code new MaxPool2d(3).stride(2).padding(1)}.
 *
 * <p>It commutes with ReLU ({@link CommutesWithActivation}), so containers run a ReLU followed by this layer pooling
 * first: the same values and gradients (where a window's maximum is positive both orders pick its first maximum;
 * elsewhere both gradients are zero), with the ReLU and its gradient on the pooled tensor, a quarter of the size for
 * 2x2 pooling.
 */
public final class MaxPool2d extends Module implements CommutesWithActivation {
    private Pool2dOptions options;

    public MaxPool2d(int kernel) { options = PoolChecks.kernel("MaxPool2d", kernel); }

    public MaxPool2d stride(int s) {
        options = options.stride(PoolChecks.positive("MaxPool2d", "stride", s));
        return this;
    }

    /** Implicit -infinity padding on each side; at most half the kernel, as in PyTorch. */
    public MaxPool2d padding(int p) {
        options = options.padding(PoolChecks.padding("MaxPool2d", p, options.kernelH()));
        return this;
    }

    public MaxPool2d dilation(int d) {
        options = options.dilation(PoolChecks.positive("MaxPool2d", "dilation", d));
        return this;
    }

    public MaxPool2d ceilMode(boolean on) {
        options = options.ceilMode(on);
        return this;
    }

    public Pool2dOptions options() { return options; }

    @Override
    public boolean commutesWith(Activation activation) { return activation.commutesWithMax(); }

    @Override
    public Tensor forward(Tensor x) { return F.maxPool2d(x, options); }

    @Override
    public String toString() { return "MaxPool2d(kernel=" + options.kernelH() + ", stride=" + options.strideH() + ", padding=" + options.padH() + ")"; }
}
