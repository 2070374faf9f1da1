package io.jgrad.backend;

/**
 * The forward of layer normalization over the rows of x [M, N]: the output y [M, N] and, for the backward, each row's
 * mean and reciprocal standard deviation {@code rstd = 1 / sqrt(var + eps)} [M] (biased variance), all in x's dtype.
 */
public record LayerNormResult(Storage output, Storage mean, Storage rstd) {}
