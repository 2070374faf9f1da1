package io.jgrad.nn;

/**
 * A loss with a {@link Reduction} (MEAN by default): the option every built-in loss shares, set with
 * {@link #reduction(Reduction)}. {@code L} is the loss's own class, so the setter chains with its other options.
 */
public abstract class ReducedLoss<L extends ReducedLoss<L>> implements Loss {
    private Reduction reduction = Reduction.MEAN;

    protected ReducedLoss() {}

    /** How the per-element losses are combined. Returns this. */
    @SuppressWarnings("unchecked")
    public L reduction(Reduction r) {
        if (r == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        reduction = r;
        return (L) this;
    }

    public Reduction reduction() { return reduction; }
}
