package io.jgrad.nn;

import io.jgrad.Tensor;

/** Mean squared error: (prediction - target)^2, reduced (MEAN by default). */
public final class MSELoss implements Loss {
    private Reduction reduction = Reduction.MEAN;

    public MSELoss() {}

    public MSELoss reduction(Reduction r) {
        reduction = LossChecks.notNull(r);
        return this;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape("MSELoss", prediction, target);
        return reduction.apply(prediction.sub(target).square());
    }
}
