package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * A layer that can apply the activation that follows it as part of its own op ({@link Dense} with ReLU: one fused
 * GEMM + bias + ReLU kernel, without the pre-activation tensor). {@link Sequential} and {@link Graph} then run the
 * pair as {@link #forwardFused}, when the layer's output goes nowhere else and neither layer has forward hooks.
 */
public interface FusesActivation {
    /** Whether {@link #forwardFused} with {@code activation} is one op (and so worth running instead of the pair). */
    boolean fuses(Activation activation);

    /** {@code activation.apply(forward(x))}, bit for bit in values and gradients. */
    Tensor forwardFused(Tensor x, Activation activation);
}
