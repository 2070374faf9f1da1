package io.jgrad.backend;

/**
 * The gradients of layer normalization: {@code x} [M, N] (contiguous), and the affine weight's and bias's [N] when
 * they were asked for, else null.
 */
public record LayerNormGradients(Storage x, Storage weight, Storage bias) {}
