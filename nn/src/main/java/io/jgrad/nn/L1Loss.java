package io.jgrad.nn;

import io.jgrad.Tensor;

/** Mean absolute error: |prediction - target|, reduced (MEAN by default). */
public final class L1Loss implements Loss {
    private Reduction reduction = Reduction.MEAN;

    public L1Loss() {}

    public L1Loss reduction(Reduction r) {
        reduction = LossChecks.notNull(r);
        return this;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape("L1Loss", prediction, target);
        return reduction.apply(prediction.sub(target).abs());
    }
}
