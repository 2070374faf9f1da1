package io.jgrad.nn;

import io.jgrad.Tensor;

/** x where x > 0, else negativeSlope * x (PyTorch's default slope 0.01). */
public final class LeakyReLU extends Module implements ActivationLayer {
    private final Activation activation;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.activation = Activation.leakyRelu(negativeSlope); }

    @Override
    public Activation activation() { return activation; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "LeakyReLU(" + activation.a() + ")"; }
}
