package io.jgrad.backend;

/**
 * The gradients of scaled dot-product attention with respect to q, k and v, shaped like them.
 *
 * @param tokenMajor whether all three are stored token-major ([B, T, H, D] in memory, see
 *                   {@link AttentionResult#layoutOf}) rather than contiguous
 */
public record AttentionGradients(Storage q, Storage k, Storage v, boolean tokenMajor) {
    /** Contiguous gradients. */
    public AttentionGradients(Storage q, Storage k, Storage v) {
        this(q, k, v, false);
    }
}
