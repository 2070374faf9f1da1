package io.jgrad.nn;

import io.jgrad.Tensor;

/** x where x > 0, else alpha * (exp(x) - 1) (default alpha 1). */
public final class ELU extends Module {
    private final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override
    public Tensor forward(Tensor x) { return x.elu(alpha); }

    @Override
    public String toString() { return "ELU(" + alpha + ")"; }
}
