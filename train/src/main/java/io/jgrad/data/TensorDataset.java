package io.jgrad.data;

import io.jgrad.Tensor;

/** A dataset held in two tensors whose first dimension indexes the examples. */
public final class TensorDataset implements Dataset {
    private final Tensor inputs;
    private final Tensor targets;

    public TensorDataset(Tensor inputs, Tensor targets) {
        if (inputs.rank() == 0 || targets.rank() == 0 || inputs.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("dataset: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must have the same number of examples (first dimension)");
        }
        this.inputs = inputs.contiguous();
        this.targets = targets.contiguous();
    }

    public Tensor inputs() { return inputs; }

    public Tensor targets() { return targets; }

    @Override
    public int size() { return inputs.dim(0); }

    @Override
    public Batch get(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("dataset: index " + i + " outside " + size() + " examples");
        }
        Tensor idx = Tensor.of(indices, indices.length);
        return new Batch(inputs.indexSelect(0, idx), targets.indexSelect(0, idx));
    }
}
