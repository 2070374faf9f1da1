package io.jgrad.nn;

/** {@link InstanceNorm} over [N, C, H, W] (or unbatched [C, H, W]): statistics per sample and channel over H and W. */
public final class InstanceNorm2d extends InstanceNorm<InstanceNorm2d> {
    public InstanceNorm2d(int channels) { super(channels); }

    @Override
    protected int batchedRank() { return 4; }

    @Override
    protected String expectedLayouts() { return "a 4-D input [N, C, H, W] or a 3-D [C, H, W]"; }
}
