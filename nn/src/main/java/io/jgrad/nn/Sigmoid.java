package io.jgrad.nn;

import io.jgrad.Tensor;

/** 1 / (1 + exp(-x)). */
public final class Sigmoid extends Module {
    public Sigmoid() {}


    @Override
    public Tensor forward(Tensor x) { return x.sigmoid(); }

    @Override
    public String toString() { return "Sigmoid()"; }
}
