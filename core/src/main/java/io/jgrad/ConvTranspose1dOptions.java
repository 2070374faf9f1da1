package io.jgrad;

/**
 * Options of {@link F#convTranspose1d}: stride, padding, output padding, dilation and groups, with PyTorch's defaults
 * (1, 0, 0, 1, 1). Immutable: {@code ConvTranspose1dOptions.defaults().stride(2).padding(1).outputPadding(1)}.
 */
public record ConvTranspose1dOptions(int stride, int pad, int outPad, int dilation, int groups) {
    private static final ConvTranspose1dOptions DEFAULTS = new ConvTranspose1dOptions(1, 0, 0, 1, 1);

    public static ConvTranspose1dOptions defaults() { return DEFAULTS; }

    public ConvTranspose1dOptions stride(int s) { return new ConvTranspose1dOptions(s, pad, outPad, dilation, groups); }

    public ConvTranspose1dOptions padding(int p) { return new ConvTranspose1dOptions(stride, p, outPad, dilation, groups); }

    public ConvTranspose1dOptions outputPadding(int p) { return new ConvTranspose1dOptions(stride, pad, p, dilation, groups); }

    public ConvTranspose1dOptions dilation(int d) { return new ConvTranspose1dOptions(stride, pad, outPad, d, groups); }

    public ConvTranspose1dOptions groups(int g) { return new ConvTranspose1dOptions(stride, pad, outPad, dilation, g); }
}
