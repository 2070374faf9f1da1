package io.jgrad.nn;

import io.jgrad.Tensor;

/** Mean squared error: (prediction - target)^2, reduced (MEAN by default). */
public final class MSELoss extends ElementwiseLoss<MSELoss> {
    public MSELoss() {}

    @Override
    protected Tensor pointwise(Tensor prediction, Tensor target) {
        return prediction.sub(target).square();
    }
}
