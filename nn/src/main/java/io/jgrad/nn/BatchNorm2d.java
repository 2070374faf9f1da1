package io.jgrad.nn;

/** {@link BatchNorm} over [N, C, H, W]: statistics per channel over the batch and both spatial axes. */
public final class BatchNorm2d extends BatchNorm<BatchNorm2d> {
    /** Channels inferred from the first input (Keras style). */
    public BatchNorm2d() { super(-1); }

    public BatchNorm2d(int channels) { super(checked(channels)); }

    static int checked(int channels) {
        if (channels <= 0) throw new IllegalArgumentException("batch norm: channels must be positive, got " + channels);
        return channels;
    }

    @Override
    protected boolean acceptsRank(int rank) { return rank == 4; }

    @Override
    protected String expectedLayouts() { return "a 4-D input [N, C, H, W]"; }
}
