package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Tensor;

/**
 * Group normalization over [N, C, ...] inputs, as PyTorch's {@code nn.GroupNorm}: the channels are split into
 * {@code groups} groups, and each sample's group is normalized by its own mean and biased variance (so the result does
 * not depend on the batch), then a learned per-channel {@code weight} (ones) and {@code bias} (zeros) apply unless
 * {@code affine} is false. {@code new GroupNorm(8, 64)}.
 */
public final class GroupNorm extends Module {
    private final int groups;
    private final int channels;
    private final double eps;

    public GroupNorm(int groups, int channels) { this(groups, channels, 1e-5, true); }

    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        if (groups <= 0 || channels <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels cannot be split into " + groups + " groups");
        }
        if (!(eps >= 0)) throw new IllegalArgumentException("GroupNorm: eps must be non-negative, got " + eps);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        if (affine) {
            registerParameter("weight", Tensor.ones(DType.F32, channels));
            registerParameter("bias", Tensor.zeros(DType.F32, channels));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != channels) {
            throw new IllegalArgumentException("GroupNorm: expected an input [N, " + channels + ", ...], got shape " + x.shape());
        }
        return F.groupNorm(x, groups, parameter("weight"), parameter("bias"), eps);
    }

    public int groups() { return groups; }

    public int channels() { return channels; }

    public double eps() { return eps; }

    /** Whether the layer has the learned {@code weight} and {@code bias}. */
    public boolean isAffine() { return parameter("weight") != null; }

    @Override
    public String toString() {
        return "GroupNorm(" + groups + ", " + channels + ", eps=" + eps + ", affine=" + isAffine() + ")";
    }
}
