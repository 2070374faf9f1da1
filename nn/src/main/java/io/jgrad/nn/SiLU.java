package io.jgrad.nn;

import io.jgrad.Tensor;

/** SiLU (swish): x * sigmoid(x). */
public final class SiLU extends Module {
    public SiLU() {}


    @Override
    public Tensor forward(Tensor x) { return x.silu(); }

    @Override
    public String toString() { return "SiLU()"; }
}
