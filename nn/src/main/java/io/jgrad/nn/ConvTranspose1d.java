package io.jgrad.nn;

import io.jgrad.ConvTranspose1dOptions;
import io.jgrad.F;
import io.jgrad.PaddingMode;
import io.jgrad.Shape;
import io.jgrad.Tensor;

/**
 * Transposed 1-D convolution over [N, C, L] inputs, as PyTorch's {@code nn.ConvTranspose1d}: {@code weight
 * [in, out/groups, k]}, {@code bias [out]}; output length {@code (L-1)*stride - 2*padding + dilation*(k-1)
 * + outputPadding + 1}. It runs as the 2-D transposed convolution over a unit height. Initialization follows PyTorch,
 * whose fan-in for this weight is {@code out/groups * k}. {@code new ConvTranspose1d(8, 4, 3)} or
 * {@code ConvTranspose1d.of(4, 3)} with inferred input channels.
 */
public final class ConvTranspose1d extends ConvLayer<ConvTranspose1d> {
    private int outputPadding;

    public static ConvTranspose1d of(int out, int kernel) { return new ConvTranspose1d(out, kernel); }

    public ConvTranspose1d(int in, int out, int kernel) {
        this(out, kernel);
        buildNow(in);
    }

    private ConvTranspose1d(int out, int kernel) { super(out, new int[] {kernel}); }

    /** Extra elements added at the end of the output (to pick among the lengths a strided conv maps to one length). */
    public ConvTranspose1d outputPadding(int p) {
        if (p < 0) throw new IllegalArgumentException("ConvTranspose1d: output padding must be >= 0, got " + p);
        outputPadding = p;
        return this;
    }

    /** The extra elements added at the end of the output. */
    public int outputPadding() { return outputPadding; }

    @Override
    public ConvTranspose1d padding(PaddingMode mode) {
        throw new UnsupportedOperationException("ConvTranspose1d: padding modes are not supported; give the padding amount");
    }

    @Override
    protected Shape weightShape(int in) { return Shape.of(in, outChannels / groups, kernel[0]); }

    @Override
    protected int inChannelsFromWeight(Shape w) { return w.dim(0); }

    @Override
    protected int inputRank() { return 3; }

    @Override
    protected Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        ConvTranspose1dOptions o = ConvTranspose1dOptions.defaults().stride(stride[0]).padding(padding[0])
                .outputPadding(outputPadding).dilation(dilation[0]).groups(groups);
        return F.convTranspose1d(x, weight, bias, o);
    }
}
