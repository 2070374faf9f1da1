package io.jgrad.data;

import io.jgrad.Tensor;

/**
 * A mini-batch: inputs and targets with the same first dimension.
 *
 * @param inputs  shape {@code [batch, ...]}
 * @param targets shape {@code [batch, ...]} (class indices as I64, or regression values)
 */
public record Batch(Tensor inputs, Tensor targets) {
    public Batch {
        if (inputs.rank() == 0 || targets.rank() == 0 || inputs.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("batch: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must share their first dimension");
        }
    }

    /** The number of examples. */
    public int size() { return inputs.dim(0); }
}
