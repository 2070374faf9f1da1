package io.jgrad.nn;

import io.jgrad.Tensor;

/** Gaussian error linear unit: exact (erf) by default, or the tanh approximation. */
public final class GELU extends Module implements ActivationLayer {
    private final Activation activation;

    /** Exact GELU, x * Phi(x) (PyTorch's default). */
    public GELU() { this(false); }

    /** With {@code approximateTanh}, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public GELU(boolean approximateTanh) { this.activation = approximateTanh ? Activation.GELU_TANH : Activation.GELU; }

    @Override
    public Activation activation() { return activation; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "GELU(" + (activation == Activation.GELU_TANH ? "tanh" : "none") + ")"; }
}
