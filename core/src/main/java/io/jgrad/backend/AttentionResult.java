package io.jgrad.backend;

import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The forward of scaled dot-product attention: the output [B, H, Tq, Dv] and, for the backward, the log-sum-exp of
 * each row of masked, scaled scores [B, H, Tq] (the softmax's normalizer, so the weights can be recomputed one block
 * at a time without storing them), contiguous.
 *
 * @param tokenMajor whether the output's storage holds it in the order [B, Tq, H, Dv] (each token's heads side by
 *                   side, which is what merging the heads back into [B, Tq, H * Dv] reads without a copy) rather than
 *                   contiguous [B, H, Tq, Dv]; see {@link #layoutOf}
 */
public record AttentionResult(Storage output, Storage logsumexp, boolean tokenMajor) {
    /** A contiguous output. */
    public AttentionResult(Storage output, Storage logsumexp) {
        this(output, logsumexp, false);
    }

    /** The layout of a [B, H, T, D] attention operand stored contiguously or token-major ([B, T, H, D] in memory). */
    public static Layout layoutOf(Shape shape, boolean tokenMajor) {
        if (!tokenMajor) return Layout.contiguous(shape);
        return Layout.contiguous(Shape.of(shape.dim(0), shape.dim(2), shape.dim(1), shape.dim(3))).permute(0, 2, 1, 3);
    }

    /**
     * Whether a [B, H, T, D] view is laid out token-major: its heads interleaved within each token (the heads of a
     * projection [B, T, H * D], split and transposed), so results shaped like it are best stored that way too.
     */
    public static boolean isTokenMajor(Layout layout) {
        return layout.shape().dim(1) > 1 && layout.shape().dim(2) > 1 && layout.stride(1) < layout.stride(2);
    }
}
