package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.LossReduction;
import io.jgrad.Tensor;

/**
 * Mean squared error: (prediction - target)^2, reduced (MEAN by default). One fused op ({@link F#mseLoss}) forward
 * and backward; BATCH_MEAN is its sum divided by the batch size.
 */
public final class MSELoss extends ReducedLoss<MSELoss> {
    public MSELoss() {}

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(getClass().getSimpleName(), prediction, target);
        return switch (reduction()) {
            case NONE -> F.mseLoss(prediction, target, LossReduction.NONE);
            case MEAN -> F.mseLoss(prediction, target, LossReduction.MEAN);
            case SUM -> F.mseLoss(prediction, target, LossReduction.SUM);
            case BATCH_MEAN -> F.mseLoss(prediction, target, LossReduction.SUM).div(Reduction.batchSize(prediction));
        };
    }
}
