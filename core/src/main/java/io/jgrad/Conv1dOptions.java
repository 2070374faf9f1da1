package io.jgrad;

/**
 * Options of {@link F#conv1d}: stride, padding (an amount or a {@link PaddingMode}), dilation and groups, with
 * PyTorch's defaults. Immutable: {@code Conv1dOptions.defaults().stride(2).padding(PaddingMode.SAME)}.
 */
public record Conv1dOptions(int stride, int pad, PaddingMode paddingMode, int dilation, int groups) {
    private static final Conv1dOptions DEFAULTS = new Conv1dOptions(1, 0, PaddingMode.EXPLICIT, 1, 1);

    public static Conv1dOptions defaults() { return DEFAULTS; }

    public Conv1dOptions stride(int s) { return new Conv1dOptions(s, pad, paddingMode, dilation, groups); }

    public Conv1dOptions padding(int p) { return new Conv1dOptions(stride, p, PaddingMode.EXPLICIT, dilation, groups); }

    public Conv1dOptions padding(PaddingMode mode) { return new Conv1dOptions(stride, pad, mode, dilation, groups); }

    public Conv1dOptions dilation(int d) { return new Conv1dOptions(stride, pad, paddingMode, d, groups); }

    public Conv1dOptions groups(int g) { return new Conv1dOptions(stride, pad, paddingMode, dilation, g); }
}
