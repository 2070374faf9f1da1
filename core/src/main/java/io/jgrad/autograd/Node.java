package io.jgrad.autograd;

import io.jgrad.Tensor;

/**
 * One recorded op in the graph: its inputs, the tensors its gradient rule reads (with their versions at record
 * time, checked before the rule runs) and the rule itself. Released after backward unless the graph is retained.
 */
public final class Node {
    private final String op;
    private Tensor[] inputs;
    private Tensor[] saved;
    private int[] savedVersions;
    private BackwardFn rule;

    public Node(String op, Tensor[] inputs, Tensor[] saved, BackwardFn rule) {
        this.op = op;
        this.inputs = inputs;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].version();
        this.rule = rule;
    }

    public String op() { return op; }

    /** Inputs of the op; empty once the graph has been freed. */
    public Tensor[] inputs() { return inputs == null ? new Tensor[0] : inputs; }

    boolean released() { return rule == null; }

    Tensor[] inputsOrNull() { return inputs; }

    /** The tensors the rule reads (empty once released). */
    Tensor[] savedOrEmpty() { return saved == null ? new Tensor[0] : saved; }

    Tensor[] applyRule(Tensor gradOutput) {
        if (rule == null) {
            throw new IllegalStateException("backward through the graph a second time (op '" + op
                    + "'): its saved tensors were freed after the first backward; pass retainGraph=true the first time");
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].version() != savedVersions[i]) {
                throw new IllegalStateException("a tensor of shape " + saved[i].shape() + " needed by the gradient of '"
                        + op + "' was modified by an in-place operation after it was used (version "
                        + savedVersions[i] + " became " + saved[i].version() + ")");
            }
        }
        return rule.apply(gradOutput);
    }

    void release() {
        inputs = null;
        saved = null;
        savedVersions = null;
        rule = null;
    }
}
