package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * A loss computed element by element from a prediction and a target of the same shape, then reduced: subclasses
 * give the per-element values ({@link #pointwise}); this class checks the shapes, naming the loss, and applies the
 * {@link #reduction()}.
 */
public abstract class ElementwiseLoss<L extends ElementwiseLoss<L>> extends ReducedLoss<L> {
    protected ElementwiseLoss() {}

    @Override
    public final Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(getClass().getSimpleName(), prediction, target);
        return reduction().apply(pointwise(prediction, target));
    }

    /** The unreduced loss, shaped like the prediction (whose shape and dtype are already checked). */
    protected abstract Tensor pointwise(Tensor prediction, Tensor target);
}
