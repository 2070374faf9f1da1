package io.jgrad.nn;

/** {@link BatchNorm} over [N, C] or [N, C, L]: statistics per channel over the batch (and length). */
public final class BatchNorm1d extends BatchNorm<BatchNorm1d> {
    /** Channels inferred from the first input (Keras style). */
    public BatchNorm1d() { super(-1); }

    public BatchNorm1d(int channels) { super(BatchNorm2d.checked(channels)); }

    @Override
    protected boolean acceptsRank(int rank) { return rank == 2 || rank == 3; }

    @Override
    protected String expectedLayouts() { return "a 2-D input [N, C] or a 3-D input [N, C, L]"; }
}
