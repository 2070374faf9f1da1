package io.jgrad.nn;

import io.jgrad.Tensor;

/** x where x > 0, else negativeSlope * x (PyTorch's default slope 0.01). */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override
    public Tensor forward(Tensor x) { return x.leakyRelu(negativeSlope); }

    @Override
    public String toString() { return "LeakyReLU(" + negativeSlope + ")"; }
}
