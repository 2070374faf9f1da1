package io.jgrad.backend;

/**
 * Max pooling's output and, for backward, the I64 position of each window's maximum within its input plane
 * ({@code h * W + w}, as PyTorch's {@code return_indices}).
 */
public record MaxPool2dResult(Storage output, Storage indices) {}
