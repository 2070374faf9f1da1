package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Smooth L1 with threshold {@code beta} (default 1): 0.5 d^2 / beta where {@code |d| < beta}, else |d| - 0.5 beta. It is the
 * Huber loss divided by beta; beta 0 is the L1 loss.
 */
public final class SmoothL1Loss extends ElementwiseLoss<SmoothL1Loss> {
    private double beta = 1.0;

    public SmoothL1Loss() {}

    public SmoothL1Loss beta(double beta) {
        if (!(beta >= 0)) throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        this.beta = beta;
        return this;
    }

    @Override
    protected Tensor pointwise(Tensor prediction, Tensor target) {
        Tensor d = prediction.sub(target);
        Tensor ad = d.abs();
        if (beta == 0) return ad;
        return Tensor.where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta));
    }
}
