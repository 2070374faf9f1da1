package io.jgrad.data;

import io.jgrad.Tensor;

import java.util.List;

/**
 * A mini-batch: inputs and targets with the same first dimension. Usually one input tensor and one target tensor;
 * a model with several inputs or outputs gets several ({@link #of(List, List)}), in the order of the model's inputs
 * and of its outputs.
 */
public final class Batch {
    private final List<Tensor> inputs;
    private final List<Tensor> targets;

    /**
     * One input and one target.
     *
     * @param inputs  shape {@code [batch, ...]}
     * @param targets shape {@code [batch, ...]} (class indices as I64, or regression values)
     */
    public Batch(Tensor inputs, Tensor targets) { this(List.of(inputs), List.of(targets)); }

    private Batch(List<Tensor> inputs, List<Tensor> targets) {
        if (inputs.isEmpty() || targets.isEmpty()) throw new IllegalArgumentException("batch: needs at least one input and one target");
        int n = -1;
        for (Tensor t : inputs) n = checkRows("input", t, n, inputs, targets);
        for (Tensor t : targets) n = checkRows("target", t, n, inputs, targets);
        this.inputs = inputs;
        this.targets = targets;
    }

    /** Several inputs and targets (one per model input and output), all with the same first dimension. */
    public static Batch of(List<Tensor> inputs, List<Tensor> targets) { return new Batch(List.copyOf(inputs), List.copyOf(targets)); }

    private static int checkRows(String what, Tensor t, int rows, List<Tensor> inputs, List<Tensor> targets) {
        if (t.rank() == 0 || (rows >= 0 && t.dim(0) != rows)) {
            throw new IllegalArgumentException("batch: inputs " + shapes(inputs) + " and targets " + shapes(targets)
                    + " must share their first dimension");
        }
        return t.dim(0);
    }

    /** {@code [2, 3]} for one tensor, {@code ([2, 3], [2])} for several. */
    static String shapes(List<Tensor> ts) {
        if (ts.size() == 1) return ts.getFirst().shape().toString();
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < ts.size(); i++) sb.append(i > 0 ? ", " : "").append(ts.get(i).shape());
        return sb.append(')').toString();
    }

    /** The input tensor, shape {@code [batch, ...]}; fails for a batch with several inputs. */
    public Tensor inputs() { return only(inputs, "inputs", "input(i)"); }

    /** The target tensor, shape {@code [batch, ...]}; fails for a batch with several targets. */
    public Tensor targets() { return only(targets, "targets", "target(i)"); }

    private static Tensor only(List<Tensor> ts, String what, String instead) {
        if (ts.size() != 1) throw new IllegalStateException("batch: has " + ts.size() + " " + what + "; use " + instead + " or all" + capitalized(what) + "()");
        return ts.getFirst();
    }

    private static String capitalized(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    /** Input {@code i} (0 for a batch with one input). */
    public Tensor input(int i) { return inputs.get(i); }

    /** Target {@code i} (0 for a batch with one target). */
    public Tensor target(int i) { return targets.get(i); }

    public List<Tensor> allInputs() { return inputs; }

    public List<Tensor> allTargets() { return targets; }

    public int inputCount() { return inputs.size(); }

    public int targetCount() { return targets.size(); }

    /** The number of examples. */
    public int size() { return inputs.getFirst().dim(0); }

    @Override
    public String toString() { return "Batch(inputs " + shapes(inputs) + ", targets " + shapes(targets) + ")"; }
}
