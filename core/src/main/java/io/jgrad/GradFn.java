package io.jgrad;

import io.jgrad.autograd.Op;

/**
 * The recorded op that produced a tensor ({@link Tensor#gradFn()}): its name, the inputs that receive gradients and
 * its {@link Op} description. It also remembers the versions of the tensors its gradient rule reads, so that an
 * in-place write to one of them before backward is reported instead of silently giving a wrong gradient. Released
 * (inputs and description dropped, so their memory can go) after backward unless the graph is retained.
 */
public final class GradFn {
    private final String name;
    private Op op;
    private Tensor[] inputs;
    private Tensor[] saved;
    private int[] savedVersions;

    GradFn(Op op) {
        this.name = op.name();
        this.op = op;
        this.inputs = op.inputs().toArray(new Tensor[0]);
        this.saved = Gradients.savedBy(op);
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].version();
    }

    /** The op's name ({@code mul}, {@code conv2d}, ...). */
    public String op() { return name; }

    /** The inputs that receive gradients, in the rule's order; empty once the graph has been freed. */
    public Tensor[] inputs() { return inputs == null ? new Tensor[0] : inputs.clone(); }

    /** What the op did (its attributes and operands); null once the graph has been freed. */
    public Op description() { return op; }

    boolean released() { return op == null; }

    Tensor[] inputsOrNull() { return inputs; }

    /** Tensors other than the inputs that may share storage with a rule's result (the output, saved operands). */
    Tensor[] savedOrEmpty() { return saved == null ? new Tensor[0] : saved; }

    /**
     * The gradients of the inputs, given the gradient of the output (null where an input gets none). With
     * {@code donated}, nothing reads {@code gradOutput} after the rule, which may then write over it instead of making a
     * new tensor (see {@link Gradients#of}).
     */
    Tensor[] apply(Tensor gradOutput, boolean donated) {
        if (op == null) {
            throw new IllegalStateException("backward through the graph a second time (op '" + name
                    + "'): its saved tensors were freed after the first backward; pass retainGraph=true the first time");
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].version() != savedVersions[i]) {
                throw new IllegalStateException("a tensor of shape " + saved[i].shape() + " needed by the gradient of '"
                        + name + "' was modified by an in-place operation after it was used (version "
                        + savedVersions[i] + " became " + saved[i].version() + ")");
            }
        }
        return Gradients.of(op, gradOutput, donated);
    }

    void release() {
        op = null;
        inputs = null;
        saved = null;
        savedVersions = null;
    }

    @Override
    public String toString() { return "GradFn(" + name + (op == null ? ", released)" : ", inputs=" + inputs.length + ")"); }
}
