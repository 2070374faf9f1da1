package io.jgrad.nn;

import io.jgrad.Conv2dOptions;
import io.jgrad.F;
import io.jgrad.Shape;
import io.jgrad.Tensor;

/**
 * 2-D convolution over [N, C, H, W] inputs, as PyTorch's {@code nn.Conv2d}: {@code weight [out, in/groups, kH, kW]},
 * {@code bias [out]}. {@code new Conv2d(1, 32, 3).padding(1)} or, with the input channels inferred on the first call,
 * {@code Conv2d.of(32, 3).padding(1)}. Initialization as PyTorch's (see {@link ConvLayer}).
 */
public final class Conv2d extends ConvLayer<Conv2d> {
    /** A layer with {@code out} channels and a square kernel whose input channels are inferred on the first call. */
    public static Conv2d of(int out, int kernel) { return new Conv2d(out, new int[] {kernel, kernel}); }

    public static Conv2d of(int out, int kernelH, int kernelW) { return new Conv2d(out, new int[] {kernelH, kernelW}); }

    public Conv2d(int in, int out, int kernel) { this(in, out, kernel, kernel); }

    public Conv2d(int in, int out, int kernelH, int kernelW) {
        this(out, new int[] {kernelH, kernelW});
        buildNow(in);
    }

    private Conv2d(int out, int[] kernel) { super(out, kernel); }

    @Override
    protected Shape weightShape(int in) { return Shape.of(outChannels, in / groups, kernel[0], kernel[1]); }

    @Override
    protected int inputRank() { return 4; }

    @Override
    protected Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        Conv2dOptions o = Conv2dOptions.defaults().stride(stride[0], stride[1]).padding(padding[0], padding[1])
                .padding(paddingMode).dilation(dilation[0], dilation[1]).groups(groups);
        return F.conv2d(x, weight, bias, o);
    }
}
