package io.jgrad.nn;

/** {@link InstanceNorm} over [N, C, L] (or unbatched [C, L]): statistics per sample and channel over the length. */
public final class InstanceNorm1d extends InstanceNorm<InstanceNorm1d> {
    public InstanceNorm1d(int channels) { super(channels); }

    @Override
    protected int batchedRank() { return 3; }

    @Override
    protected String expectedLayouts() { return "a 3-D input [N, C, L] or a 2-D [C, L]"; }
}
