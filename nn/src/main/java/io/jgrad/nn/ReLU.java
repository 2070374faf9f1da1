package io.jgrad.nn;

import io.jgrad.Tensor;

/** max(x, 0). */
public final class ReLU extends Module implements ActivationLayer {
    public ReLU() {}

    @Override
    public Activation activation() { return Activation.RELU; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "ReLU()"; }
}
