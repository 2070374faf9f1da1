package io.jgrad;

import io.jgrad.backend.Pool2dParams;

/**
 * Options of {@link F#maxPool2d} and {@link F#avgPool2d}: kernel, stride (the kernel unless set), padding, dilation
 * (max pooling only), ceil mode and, for average pooling, whether padded zeros count in the divisor (PyTorch's
 * defaults: no padding, dilation 1, floor mode, count_include_pad true). Immutable:
 * {@code Pool2dOptions.kernel(3).stride(2).padding(1)}.
 */
public record Pool2dOptions(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                            int dilationH, int dilationW, boolean ceilMode, boolean countIncludePad) {

    /** A square kernel with stride equal to the kernel. */
    public static Pool2dOptions kernel(int k) { return kernel(k, k); }

    public static Pool2dOptions kernel(int h, int w) { return new Pool2dOptions(h, w, h, w, 0, 0, 1, 1, false, true); }

    public Pool2dOptions stride(int s) { return stride(s, s); }

    public Pool2dOptions stride(int h, int w) { return new Pool2dOptions(kernelH, kernelW, h, w, padH, padW, dilationH, dilationW, ceilMode, countIncludePad); }

    public Pool2dOptions padding(int p) { return padding(p, p); }

    public Pool2dOptions padding(int h, int w) { return new Pool2dOptions(kernelH, kernelW, strideH, strideW, h, w, dilationH, dilationW, ceilMode, countIncludePad); }

    public Pool2dOptions dilation(int d) { return dilation(d, d); }

    public Pool2dOptions dilation(int h, int w) { return new Pool2dOptions(kernelH, kernelW, strideH, strideW, padH, padW, h, w, ceilMode, countIncludePad); }

    public Pool2dOptions ceilMode(boolean on) { return new Pool2dOptions(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, on, countIncludePad); }

    public Pool2dOptions countIncludePad(boolean on) { return new Pool2dOptions(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode, on); }

    /** The backend's parameter record (validates the values). */
    public Pool2dParams params() {
        return new Pool2dParams(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode, countIncludePad);
    }
}
