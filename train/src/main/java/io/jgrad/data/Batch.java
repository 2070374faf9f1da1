package io.jgrad.data;

import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

import java.util.ArrayList;
import java.util.List;

/**
 * A mini-batch: inputs and targets with the same first dimension. Usually one input tensor and one target tensor;
 * a model with several inputs or outputs gets several ({@link #of(List, List)}), in the order of the model's inputs
 * and of its outputs.
 *
 * <p>A batch that a {@link DataLoader} copied to a device for its consumer ({@link DataLoader.Builder#device}) owns
 * those copies: they were made on the loader's thread, outside any {@link io.jgrad.Scope} of the consumer, so
 * {@link #close()} releases them once the batch has been used (the trainer does after each step). Other batches own
 * nothing, and closing them does nothing.
 */
public final class Batch implements AutoCloseable {
    private final List<Tensor> inputs;
    private final List<Tensor> targets;
    private final List<Storage> owned;

    /**
     * One input and one target.
     *
     * @param inputs  shape {@code [batch, ...]}
     * @param targets shape {@code [batch, ...]} (class indices as I64, or regression values)
     */
    public Batch(Tensor inputs, Tensor targets) { this(List.of(inputs), List.of(targets), List.of()); }

    private Batch(List<Tensor> inputs, List<Tensor> targets, List<Storage> owned) {
        if (inputs.isEmpty() || targets.isEmpty()) throw new IllegalArgumentException("batch: needs at least one input and one target");
        int n = -1;
        for (Tensor t : inputs) n = checkRows("input", t, n, inputs, targets);
        for (Tensor t : targets) n = checkRows("target", t, n, inputs, targets);
        this.inputs = inputs;
        this.targets = targets;
        this.owned = owned;
    }

    /** Several inputs and targets (one per model input and output), all with the same first dimension. */
    public static Batch of(List<Tensor> inputs, List<Tensor> targets) {
        return new Batch(List.copyOf(inputs), List.copyOf(targets), List.of());
    }

    /**
     * This batch with its tensors moved to {@code backend}, owning the copies it made (a tensor already there is
     * taken as it is, unowned). The loader calls it on its own thread; if a copy fails, those made are released.
     */
    Batch movedTo(Backend backend) {
        List<Storage> copies = new ArrayList<>();
        try {
            return new Batch(moved(inputs, backend, copies), moved(targets, backend, copies), List.copyOf(copies));
        } catch (RuntimeException | Error e) {
            copies.forEach(Storage::close);
            throw e;
        }
    }

    private static List<Tensor> moved(List<Tensor> ts, Backend backend, List<Storage> copies) {
        List<Tensor> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) {
            Tensor m = t.to(backend);
            if (m != t) copies.add(m.storage());
            out.add(m);
        }
        return List.copyOf(out);
    }

    /**
     * Releases the device copies this batch owns (see the class comment); its tensors cannot be used afterwards. Does
     * nothing for a batch that owns none, and nothing the second time.
     */
    @Override
    public void close() { owned.forEach(Storage::close); }

    /** Whether {@link #close()} releases anything: the batch holds copies a loader made for its consumer. */
    public boolean ownsItsTensors() { return !owned.isEmpty(); }

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
