package io.jgrad.nn;

import io.jgrad.Tensor;

/** x where x > 0, else alpha * (exp(x) - 1) (default alpha 1). */
public final class ELU extends Module implements ActivationLayer {
    private final Activation activation;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.activation = Activation.elu(alpha); }

    @Override
    public Activation activation() { return activation; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "ELU(" + activation.a() + ")"; }
}
