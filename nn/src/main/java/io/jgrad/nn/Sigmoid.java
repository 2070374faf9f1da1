package io.jgrad.nn;

import io.jgrad.Tensor;

/** 1 / (1 + exp(-x)). */
public final class Sigmoid extends Module implements ActivationLayer {
    public Sigmoid() {}

    @Override
    public Activation activation() { return Activation.SIGMOID; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "Sigmoid()"; }
}
