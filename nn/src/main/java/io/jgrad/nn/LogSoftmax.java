package io.jgrad.nn;

import io.jgrad.Tensor;

/** Log-softmax along an axis (the last by default); pair it with NLLLoss. */
public final class LogSoftmax extends Module {
    private final int axis;

    public LogSoftmax() { this(-1); }

    public LogSoftmax(int axis) { this.axis = axis; }

    /** The axis normalized over. */
    public int axis() { return axis; }

    @Override
    public Tensor forward(Tensor x) { return x.logSoftmax(axis); }

    @Override
    public String toString() { return "LogSoftmax(axis=" + axis + ")"; }
}
