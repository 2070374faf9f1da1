package io.jgrad;

/**
 * Options of {@link F#convTranspose2d}: stride, padding, output padding, dilation and groups, with PyTorch's
 * defaults (1, 0, 0, 1, 1). Immutable: {@code ConvTranspose2dOptions.defaults().stride(2).padding(1).outputPadding(1)}.
 */
public record ConvTranspose2dOptions(int strideH, int strideW, int padH, int padW, int outPadH, int outPadW,
                                     int dilationH, int dilationW, int groups) {
    private static final ConvTranspose2dOptions DEFAULTS = new ConvTranspose2dOptions(1, 1, 0, 0, 0, 0, 1, 1, 1);

    public static ConvTranspose2dOptions defaults() { return DEFAULTS; }

    public ConvTranspose2dOptions stride(int s) { return stride(s, s); }

    public ConvTranspose2dOptions stride(int h, int w) { return new ConvTranspose2dOptions(h, w, padH, padW, outPadH, outPadW, dilationH, dilationW, groups); }

    public ConvTranspose2dOptions padding(int p) { return padding(p, p); }

    public ConvTranspose2dOptions padding(int h, int w) { return new ConvTranspose2dOptions(strideH, strideW, h, w, outPadH, outPadW, dilationH, dilationW, groups); }

    public ConvTranspose2dOptions outputPadding(int p) { return outputPadding(p, p); }

    public ConvTranspose2dOptions outputPadding(int h, int w) { return new ConvTranspose2dOptions(strideH, strideW, padH, padW, h, w, dilationH, dilationW, groups); }

    public ConvTranspose2dOptions dilation(int d) { return dilation(d, d); }

    public ConvTranspose2dOptions dilation(int h, int w) { return new ConvTranspose2dOptions(strideH, strideW, padH, padW, outPadH, outPadW, h, w, groups); }

    public ConvTranspose2dOptions groups(int g) { return new ConvTranspose2dOptions(strideH, strideW, padH, padW, outPadH, outPadW, dilationH, dilationW, g); }
}
