package io.jgrad.nn;

import io.jgrad.PaddingMode;
import io.jgrad.Tensor;

/**
 * Depthwise separable convolution (MobileNet, Keras {@code SeparableConv2D}): a {@link DepthwiseConv2d} without bias
 * ({@code depthwise}) followed by a 1x1 {@link Conv2d} to {@code out} channels ({@code pointwise}). Stride, padding
 * and dilation apply to the depthwise step. Input channels may be inferred: {@code SeparableConv2d.of(64, 3)}.
 */
public final class SeparableConv2d extends Module {
    private final DepthwiseConv2d depthwise;
    private final Conv2d pointwise;

    public static SeparableConv2d of(int out, int kernel) {
        return new SeparableConv2d(DepthwiseConv2d.of(kernel).withoutBias(), Conv2d.of(out, 1));
    }

    public SeparableConv2d(int in, int out, int kernel) {
        this(new DepthwiseConv2d(in, kernel).withoutBias(), new Conv2d(in, out, 1));
    }

    private SeparableConv2d(DepthwiseConv2d depthwise, Conv2d pointwise) {
        this.depthwise = registerModule("depthwise", depthwise);
        this.pointwise = registerModule("pointwise", pointwise);
    }

    public SeparableConv2d stride(int s) {
        depthwise.stride(s);
        return this;
    }

    public SeparableConv2d padding(int p) {
        depthwise.padding(p);
        return this;
    }

    public SeparableConv2d padding(PaddingMode mode) {
        depthwise.padding(mode);
        return this;
    }

    public SeparableConv2d dilation(int d) {
        depthwise.dilation(d);
        return this;
    }

    public DepthwiseConv2d depthwise() { return depthwise; }

    public Conv2d pointwise() { return pointwise; }

    @Override
    public Tensor forward(Tensor x) { return pointwise.call(depthwise.call(x)); }

    @Override
    public String toString() { return "SeparableConv2d(" + depthwise + ", " + pointwise + ")"; }
}
