package io.jgrad.backend;

/**
 * The forward of scaled dot-product attention: the output [B, H, Tq, Dv] and, for the backward, the log-sum-exp of
 * each row of masked, scaled scores [B, H, Tq] (the softmax's normalizer, so the weights can be recomputed one block
 * at a time without storing them).
 */
public record AttentionResult(Storage output, Storage logsumexp) {}
