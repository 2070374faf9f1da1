package io.jgrad.nn;

import io.jgrad.Conv1dOptions;
import io.jgrad.F;
import io.jgrad.Shape;
import io.jgrad.Tensor;

/**
 * 1-D convolution over [N, C, L] inputs, as PyTorch's {@code nn.Conv1d}: {@code weight [out, in/groups, k]},
 * {@code bias [out]}. {@code new Conv1d(8, 16, 5)} or {@code Conv1d.of(16, 5)} with inferred input channels.
 */
public final class Conv1d extends ConvLayer<Conv1d> {
    public static Conv1d of(int out, int kernel) { return new Conv1d(out, kernel); }

    public Conv1d(int in, int out, int kernel) {
        this(out, kernel);
        buildNow(in);
    }

    private Conv1d(int out, int kernel) { super(out, new int[] {kernel}); }

    @Override
    protected Shape weightShape(int in) { return Shape.of(outChannels, in / groups, kernel[0]); }

    @Override
    protected int inputRank() { return 3; }

    @Override
    protected Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        Conv1dOptions o = Conv1dOptions.defaults().stride(stride[0]).padding(padding[0]).padding(paddingMode)
                .dilation(dilation[0]).groups(groups);
        return F.conv1d(x, weight, bias, o);
    }
}
