package io.jgrad.nn;

import io.jgrad.Tensor;

/** SiLU (swish): x * sigmoid(x). */
public final class SiLU extends Module implements ActivationLayer {
    public SiLU() {}

    @Override
    public Activation activation() { return Activation.SILU; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "SiLU()"; }
}
