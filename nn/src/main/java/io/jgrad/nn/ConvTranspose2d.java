package io.jgrad.nn;

import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.F;
import io.jgrad.PaddingMode;
import io.jgrad.Shape;
import io.jgrad.Tensor;

/**
 * Transposed 2-D convolution ("deconvolution"), as PyTorch's {@code nn.ConvTranspose2d}: {@code weight
 * [in, out/groups, kH, kW]}, {@code bias [out]}; output height {@code (H-1)*stride - 2*padding + dilation*(k-1)
 * + outputPadding + 1}. Initialization follows PyTorch, whose fan-in for this weight is {@code out/groups * k*k}.
 */
public final class ConvTranspose2d extends ConvLayer<ConvTranspose2d> {
    private int outputPadding;

    public static ConvTranspose2d of(int out, int kernel) { return new ConvTranspose2d(out, kernel); }

    public ConvTranspose2d(int in, int out, int kernel) {
        this(out, kernel);
        buildNow(in);
    }

    private ConvTranspose2d(int out, int kernel) { super(out, new int[] {kernel, kernel}); }

    /** Extra rows/columns added on one side of the output (to pick among the sizes a strided conv maps to one size). */
    public ConvTranspose2d outputPadding(int p) {
        if (p < 0) throw new IllegalArgumentException("ConvTranspose2d: output padding must be >= 0, got " + p);
        outputPadding = p;
        return this;
    }

    /** The extra rows/columns added on one side of the output. */
    public int outputPadding() { return outputPadding; }

    @Override
    public ConvTranspose2d padding(PaddingMode mode) {
        throw new UnsupportedOperationException("ConvTranspose2d: padding modes are not supported; give the padding amount");
    }

    @Override
    protected Shape weightShape(int in) { return Shape.of(in, outChannels / groups, kernel[0], kernel[1]); }

    @Override
    protected int inChannelsFromWeight(Shape w) { return w.dim(0); }

    @Override
    protected int inputRank() { return 4; }

    @Override
    protected Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        ConvTranspose2dOptions o = ConvTranspose2dOptions.defaults().stride(stride[0], stride[1]).padding(padding[0], padding[1])
                .outputPadding(outputPadding).dilation(dilation[0], dilation[1]).groups(groups);
        return F.convTranspose2d(x, weight, bias, o);
    }
}
