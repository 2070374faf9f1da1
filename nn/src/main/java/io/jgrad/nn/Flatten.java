package io.jgrad.nn;

import io.jgrad.Tensor;

/** Merges every dimension after the batch dimension: {@code [N, d1, d2, ...]} becomes {@code [N, d1*d2*...]}. */
public final class Flatten extends Module {
    public Flatten() {}

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("Flatten: expects a batch of at least 2 dimensions [N, ...], got shape " + x.shape());
        }
        return x.flatten(1, -1);
    }

    @Override
    public String toString() { return "Flatten()"; }
}
