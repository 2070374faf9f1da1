package io.jgrad.backend;

/** The gradients of scaled dot-product attention with respect to q, k and v, shaped like them and contiguous. */
public record AttentionGradients(Storage q, Storage k, Storage v) {}
