package io.jgrad.nn;

import io.jgrad.Conv2dOptions;
import io.jgrad.F;
import io.jgrad.Shape;
import io.jgrad.Tensor;

/**
 * Depthwise 2-D convolution (MobileNet, Keras {@code DepthwiseConv2D}): each input channel is convolved with its own
 * {@code depthMultiplier} filters, i.e. a {@link Conv2d} with {@code groups = in} and {@code out = in *
 * depthMultiplier}. {@code weight [in*m, 1, kH, kW]}, {@code bias [in*m]}. The input channels may be given or
 * inferred on the first call ({@code DepthwiseConv2d.of(3).padding(1)}).
 */
public final class DepthwiseConv2d extends ConvLayer<DepthwiseConv2d> {
    private final int multiplier;

    /** Input channels inferred on the first call, depth multiplier 1. */
    public static DepthwiseConv2d of(int kernel) { return new DepthwiseConv2d(kernel, 1, Lazy.INSTANCE); }

    public DepthwiseConv2d(int in, int kernel) { this(in, kernel, 1); }

    public DepthwiseConv2d(int in, int kernel, int depthMultiplier) {
        this(kernel, depthMultiplier, Lazy.INSTANCE);
        buildNow(in);
    }

    private enum Lazy { INSTANCE }

    private DepthwiseConv2d(int kernel, int depthMultiplier, Lazy unbuilt) {
        super(Math.max(depthMultiplier, 1), new int[] {kernel, kernel});
        if (depthMultiplier <= 0) throw new IllegalArgumentException("DepthwiseConv2d: depth multiplier must be positive, got " + depthMultiplier);
        this.multiplier = depthMultiplier;
    }

    @Override
    public DepthwiseConv2d groups(int g) {
        throw new UnsupportedOperationException("DepthwiseConv2d: groups always equal the input channels");
    }

    @Override
    protected void beforeBuild(int in) {
        groups = in;
        outChannels = in * multiplier;
    }

    @Override
    protected Shape weightShape(int in) { return Shape.of(in * multiplier, 1, kernel[0], kernel[1]); }

    @Override
    protected int inChannelsFromWeight(Shape w) { return w.dim(0) / multiplier; }

    @Override
    protected int inputRank() { return 4; }

    @Override
    protected Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        Conv2dOptions o = Conv2dOptions.defaults().stride(stride[0], stride[1]).padding(padding[0], padding[1])
                .padding(paddingMode).dilation(dilation[0], dilation[1]).groups(groups);
        return F.conv2d(x, weight, bias, o);
    }

    public int depthMultiplier() { return multiplier; }
}
