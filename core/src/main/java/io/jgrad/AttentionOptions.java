package io.jgrad;

/**
 * Options of {@link F#scaledDotProductAttention}: masks, causality, the score scale and dropout on the attention
 * weights. Immutable; each setter returns a copy: {@code AttentionOptions.defaults().causal(true).dropout(0.1, gen)}.
 *
 * <ul>
 *   <li>{@code attnMask}: broadcastable to the scores [B, H, Tq, Tk]; BOOL where true lets a query see a key (as
 *       PyTorch's {@code F.scaled_dot_product_attention}), or floating values added to the scores;</li>
 *   <li>{@code keyPaddingMask}: [B, Tk]; BOOL where true hides a (padding) key from every query (as PyTorch's
 *       {@code key_padding_mask}), or floating values added to every query's scores;</li>
 *   <li>{@code causal}: query i sees keys 0..i only (aligned at the top left when Tq != Tk, as PyTorch's
 *       {@code is_causal});</li>
 *   <li>{@code scale}: the factor of {@code q k^T}; NaN (the default) means {@code 1 / sqrt(D)};</li>
 *   <li>{@code dropout}: the probability of zeroing each attention weight (the survivors scaled by
 *       {@code 1 / (1 - dropout)}), drawn from {@code generator} ({@link Generator#global()} when null). It applies
 *       whenever it is above 0: a layer passes 0 in evaluation mode.</li>
 * </ul>
 * The masks are constants: they receive no gradient.
 */
public record AttentionOptions(Tensor attnMask, Tensor keyPaddingMask, boolean causal, double scale, double dropout,
                               Generator generator) {
    private static final AttentionOptions DEFAULTS = new AttentionOptions(null, null, false, Double.NaN, 0, null);

    public AttentionOptions {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** No mask, not causal, scale {@code 1 / sqrt(D)}, no dropout. */
    public static AttentionOptions defaults() { return DEFAULTS; }

    public AttentionOptions attnMask(Tensor mask) {
        return new AttentionOptions(mask, keyPaddingMask, causal, scale, dropout, generator);
    }

    public AttentionOptions keyPaddingMask(Tensor mask) {
        return new AttentionOptions(attnMask, mask, causal, scale, dropout, generator);
    }

    public AttentionOptions causal(boolean on) {
        return new AttentionOptions(attnMask, keyPaddingMask, on, scale, dropout, generator);
    }

    public AttentionOptions scale(double factor) {
        return new AttentionOptions(attnMask, keyPaddingMask, causal, factor, dropout, generator);
    }

    /** Dropout with probability {@code p}, drawn from {@link Generator#global()}. */
    public AttentionOptions dropout(double p) { return dropout(p, null); }

    /** Dropout with probability {@code p}, drawn from {@code g}. */
    public AttentionOptions dropout(double p, Generator g) {
        return new AttentionOptions(attnMask, keyPaddingMask, causal, scale, p, g);
    }
}
