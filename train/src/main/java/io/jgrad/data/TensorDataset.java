package io.jgrad.data;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset held in tensors whose first dimension indexes the examples: one input tensor and one target tensor, or
 * several of each for a model with several inputs or outputs ({@link #of(List, List)}).
 */
public final class TensorDataset implements Dataset {
    private final List<Tensor> inputs;
    private final List<Tensor> targets;

    public TensorDataset(Tensor inputs, Tensor targets) { this(List.of(inputs), List.of(targets)); }

    private TensorDataset(List<Tensor> inputs, List<Tensor> targets) {
        if (inputs.isEmpty() || targets.isEmpty()) throw new IllegalArgumentException("dataset: needs at least one input and one target tensor");
        int n = inputs.getFirst().rank() == 0 ? -1 : inputs.getFirst().dim(0);
        for (Tensor t : concat(inputs, targets)) {
            if (t.rank() == 0 || t.dim(0) != n) {
                throw new IllegalArgumentException("dataset: inputs " + Batch.shapes(inputs) + " and targets " + Batch.shapes(targets)
                        + " must have the same number of examples (first dimension)");
            }
        }
        this.inputs = contiguous(inputs);
        this.targets = contiguous(targets);
    }

    /** Several input and target tensors (one per model input and output), with the same number of examples. */
    public static TensorDataset of(List<Tensor> inputs, List<Tensor> targets) { return new TensorDataset(inputs, targets); }

    private static List<Tensor> concat(List<Tensor> a, List<Tensor> b) {
        List<Tensor> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Tensor> contiguous(List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t.contiguous());
        return List.copyOf(out);
    }

    /** The input tensor; fails for a dataset with several. */
    public Tensor inputs() { return only(inputs, "input"); }

    /** The target tensor; fails for a dataset with several. */
    public Tensor targets() { return only(targets, "target"); }

    private static Tensor only(List<Tensor> ts, String what) {
        if (ts.size() != 1) throw new IllegalStateException("dataset: has " + ts.size() + " " + what + " tensors; use all" + (what.equals("input") ? "Inputs" : "Targets") + "()");
        return ts.getFirst();
    }

    public List<Tensor> allInputs() { return inputs; }

    public List<Tensor> allTargets() { return targets; }

    @Override
    public int size() { return inputs.getFirst().dim(0); }

    @Override
    public Batch get(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("dataset: index " + i + " outside " + size() + " examples");
        }
        // The index goes where the data is, whatever this thread's default backend (a loader thread's is the process's).
        long[] positions = new long[indices.length];
        for (int i = 0; i < indices.length; i++) positions[i] = indices[i];
        Tensor idx;
        try (var on = Backends.use(inputs.getFirst().backend())) {
            idx = Tensor.wrap(positions, Shape.of(positions.length));
        }
        if (inputs.size() == 1 && targets.size() == 1) return new Batch(inputs.getFirst().indexSelect(0, idx), targets.getFirst().indexSelect(0, idx));
        return Batch.of(select(inputs, idx), select(targets, idx));
    }

    private static List<Tensor> select(List<Tensor> ts, Tensor idx) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t.indexSelect(0, idx));
        return out;
    }
}
