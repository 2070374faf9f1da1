package io.jgrad.nn;

import io.jgrad.Tensor;

/** tanh(x). */
public final class Tanh extends Module implements ActivationLayer {
    public Tanh() {}

    @Override
    public Activation activation() { return Activation.TANH; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "Tanh()"; }
}
