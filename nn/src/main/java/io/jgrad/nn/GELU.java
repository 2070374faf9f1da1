package io.jgrad.nn;

import io.jgrad.Tensor;

/** Gaussian error linear unit: exact (erf) by default, or the tanh approximation. */
public final class GELU extends Module {
    private final boolean approximateTanh;

    /** Exact GELU, x * Phi(x) (PyTorch's default). */
    public GELU() { this(false); }

    /** With {@code approximateTanh}, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public GELU(boolean approximateTanh) { this.approximateTanh = approximateTanh; }

    @Override
    public Tensor forward(Tensor x) { return approximateTanh ? x.geluTanh() : x.gelu(); }

    @Override
    public String toString() { return "GELU(" + (approximateTanh ? "tanh" : "none") + ")"; }
}
