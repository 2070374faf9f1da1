package io.jgrad.nn;

import io.jgrad.Tensor;

/** Mean absolute error: |prediction - target|, reduced (MEAN by default). */
public final class L1Loss extends ElementwiseLoss<L1Loss> {
    public L1Loss() {}

    @Override
    protected Tensor pointwise(Tensor prediction, Tensor target) {
        return prediction.sub(target).abs();
    }
}
