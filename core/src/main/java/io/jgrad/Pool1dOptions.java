package io.jgrad;

import io.jgrad.backend.Pool2dParams;

/**
 * Options of {@link F#maxPool1d} and {@link F#avgPool1d} over [N, C, L] inputs: kernel, stride (the kernel unless
 * set), padding, dilation (max pooling only), ceil mode and, for average pooling, whether padded zeros count in the
 * divisor, with PyTorch's defaults. Immutable: {@code Pool1dOptions.kernel(3).stride(2).padding(1)}.
 */
public record Pool1dOptions(int kernel, int stride, int pad, int dilation, boolean ceilMode, boolean countIncludePad) {

    /** A kernel with stride equal to it. */
    public static Pool1dOptions kernel(int k) { return new Pool1dOptions(k, k, 0, 1, false, true); }

    public Pool1dOptions stride(int s) { return new Pool1dOptions(kernel, s, pad, dilation, ceilMode, countIncludePad); }

    public Pool1dOptions padding(int p) { return new Pool1dOptions(kernel, stride, p, dilation, ceilMode, countIncludePad); }

    public Pool1dOptions dilation(int d) { return new Pool1dOptions(kernel, stride, pad, d, ceilMode, countIncludePad); }

    public Pool1dOptions ceilMode(boolean on) { return new Pool1dOptions(kernel, stride, pad, dilation, on, countIncludePad); }

    public Pool1dOptions countIncludePad(boolean on) { return new Pool1dOptions(kernel, stride, pad, dilation, ceilMode, on); }

    /** The 2-D pooling geometry over a unit height that computes this pooling (validates the values). */
    public Pool2dParams params() { return new Pool2dParams(1, kernel, 1, stride, 0, pad, 1, dilation, ceilMode, countIncludePad); }
}
