package io.jgrad;

/**
 * Options of {@link F#conv2d}: stride, padding (amounts or a {@link PaddingMode}), dilation and groups, with
 * PyTorch's defaults (1, 0, 1, 1). Immutable; each setter returns a copy:
 * {@code Conv2dOptions.defaults().stride(2).padding(1)}.
 */
public record Conv2dOptions(int strideH, int strideW, int padH, int padW, PaddingMode paddingMode,
                            int dilationH, int dilationW, int groups) {
    private static final Conv2dOptions DEFAULTS = new Conv2dOptions(1, 1, 0, 0, PaddingMode.EXPLICIT, 1, 1, 1);

    public static Conv2dOptions defaults() { return DEFAULTS; }

    public Conv2dOptions stride(int s) { return stride(s, s); }

    public Conv2dOptions stride(int h, int w) { return new Conv2dOptions(h, w, padH, padW, paddingMode, dilationH, dilationW, groups); }

    public Conv2dOptions padding(int p) { return padding(p, p); }

    public Conv2dOptions padding(int h, int w) { return new Conv2dOptions(strideH, strideW, h, w, PaddingMode.EXPLICIT, dilationH, dilationW, groups); }

    /** {@code SAME} or {@code VALID} ({@code EXPLICIT} keeps the amounts set before). */
    public Conv2dOptions padding(PaddingMode mode) { return new Conv2dOptions(strideH, strideW, padH, padW, mode, dilationH, dilationW, groups); }

    public Conv2dOptions dilation(int d) { return dilation(d, d); }

    public Conv2dOptions dilation(int h, int w) { return new Conv2dOptions(strideH, strideW, padH, padW, paddingMode, h, w, groups); }

    public Conv2dOptions groups(int g) { return new Conv2dOptions(strideH, strideW, padH, padW, paddingMode, dilationH, dilationW, g); }
}
