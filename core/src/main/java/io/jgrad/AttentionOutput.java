package io.jgrad;

/**
 * What {@link F#scaledDotProductAttentionWithWeights} returns: the output [B, H, Tq, Dv] and the attention weights
 * [B, H, Tq, Tk] it was computed with (after dropout, as PyTorch's {@code MultiheadAttention} returns them).
 */
public record AttentionOutput(Tensor output, Tensor weights) {}
