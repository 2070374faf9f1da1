package io.jgrad.backend;

import io.jgrad.DType;

/**
 * The attributes of scaled dot-product attention shared by its forward and backward ops: the factor the scores
 * {@code q k^T} are multiplied by, whether key {@code j} is hidden from query {@code i} when {@code j > i} (causal,
 * aligned at the top left as PyTorch's {@code is_causal}), and dropout on the attention weights. With
 * {@code dropout > 0} the weight at flat position {@code n} of [B, H, Tq, Tk] is kept (and scaled by
 * {@code 1 / (1 - dropout)}) where element {@code n} of the {@link RandomDistribution.Bernoulli} draw of probability
 * {@code 1 - dropout} keyed by {@code seed} from Philox block {@code offset} is 1, so forward and backward (and every
 * backend) see the same mask without storing it.
 */
public record AttentionParams(double scale, boolean causal, double dropout, long seed, long offset) {
    public AttentionParams {
        if (!Double.isFinite(scale)) throw new IllegalArgumentException("attention: scale must be finite, got " + scale);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("attention: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** No dropout. */
    public static AttentionParams of(double scale, boolean causal) { return new AttentionParams(scale, causal, 0, 0, 0); }

    /** The draw that decides which weights dropout keeps. */
    public RandomDistribution.Bernoulli keep() { return new RandomDistribution.Bernoulli(1 - dropout); }

    /** The causal mask as a table to add to the scores: 0 where query i may see key j ({@code j <= i}), -inf elsewhere: [Tq, Tk]. */
    public static HostStorage causalTable(DType dtype, int tq, int tk) {
        if (dtype == DType.F32) {
            float[] t = new float[tq * tk];
            for (int i = 0; i < tq; i++) for (int j = i + 1; j < tk; j++) t[i * tk + j] = Float.NEGATIVE_INFINITY;
            return HostStorage.wrap(t);
        }
        double[] t = new double[tq * tk];
        for (int i = 0; i < tq; i++) for (int j = i + 1; j < tk; j++) t[i * tk + j] = Double.NEGATIVE_INFINITY;
        return HostStorage.wrap(t);
    }
}
