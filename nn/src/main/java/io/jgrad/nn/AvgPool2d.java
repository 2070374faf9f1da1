package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;

/**
 * Average pooling over [N, C, H, W] inputs, as PyTorch's {@code nn.AvgPool2d}: the stride defaults to the kernel
 * size; padded zeros count in the divisor unless {@code countIncludePad(false)}.
 */
public final class AvgPool2d extends Module {
    private Pool2dOptions options;

    public AvgPool2d(int kernel) { options = PoolChecks.kernel("AvgPool2d", kernel); }

    public AvgPool2d stride(int s) {
        options = options.stride(PoolChecks.positive("AvgPool2d", "stride", s));
        return this;
    }

    public AvgPool2d padding(int p) {
        options = options.padding(PoolChecks.padding("AvgPool2d", p, options.kernelH()));
        return this;
    }

    public AvgPool2d ceilMode(boolean on) {
        options = options.ceilMode(on);
        return this;
    }

    public AvgPool2d countIncludePad(boolean on) {
        options = options.countIncludePad(on);
        return this;
    }

    public Pool2dOptions options() { return options; }

    @Override
    public Tensor forward(Tensor x) { return F.avgPool2d(x, options); }

    @Override
    public String toString() { return "AvgPool2d(kernel=" + options.kernelH() + ", stride=" + options.strideH() + ", padding=" + options.padH() + ")"; }
}
