package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.Pool1dOptions;
import io.jgrad.Tensor;

/**
 * Average pooling over [N, C, L] inputs, as PyTorch's {@code nn.AvgPool1d}: the stride defaults to the kernel size;
 * padded zeros count in the divisor unless {@code countIncludePad(false)}. It runs as the 2-D pooling over a unit
 * height.
 */
public final class AvgPool1d extends Module {
    private Pool1dOptions options;

    public AvgPool1d(int kernel) { options = Pool1dOptions.kernel(PoolChecks.positive("AvgPool1d", "kernel size", kernel)); }

    public AvgPool1d stride(int s) {
        options = options.stride(PoolChecks.positive("AvgPool1d", "stride", s));
        return this;
    }

    public AvgPool1d padding(int p) {
        options = options.padding(PoolChecks.padding("AvgPool1d", p, options.kernel()));
        return this;
    }

    public AvgPool1d ceilMode(boolean on) {
        options = options.ceilMode(on);
        return this;
    }

    public AvgPool1d countIncludePad(boolean on) {
        options = options.countIncludePad(on);
        return this;
    }

    public Pool1dOptions options() { return options; }

    @Override
    public Tensor forward(Tensor x) { return F.avgPool1d(x, options); }

    @Override
    public String toString() { return "AvgPool1d(kernel=" + options.kernel() + ", stride=" + options.stride() + ", padding=" + options.pad() + ")"; }
}
