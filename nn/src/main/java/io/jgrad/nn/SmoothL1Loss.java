package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Smooth L1 with threshold {@code beta} (default 1): 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta. It is the
 * Huber loss divided by beta; beta 0 is the L1 loss.
 */
public final class SmoothL1Loss implements Loss {
    private Reduction reduction = Reduction.MEAN;
    private double beta = 1.0;

    public SmoothL1Loss() {}

    public SmoothL1Loss reduction(Reduction r) {
        reduction = LossChecks.notNull(r);
        return this;
    }

    public SmoothL1Loss beta(double beta) {
        if (!(beta >= 0)) throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        this.beta = beta;
        return this;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape("SmoothL1Loss", prediction, target);
        Tensor d = prediction.sub(target);
        Tensor ad = d.abs();
        if (beta == 0) return reduction.apply(ad);
        Tensor loss = Tensor.where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta));
        return reduction.apply(loss);
    }
}
