package io.jgrad.nn;

import io.jgrad.Tensor;

/** Softmax along an axis (the last by default). */
public final class Softmax extends Module {
    private final int axis;

    public Softmax() { this(-1); }

    public Softmax(int axis) { this.axis = axis; }

    /** The axis normalized over. */
    public int axis() { return axis; }

    @Override
    public Tensor forward(Tensor x) { return x.softmax(axis); }

    @Override
    public String toString() { return "Softmax(axis=" + axis + ")"; }
}
