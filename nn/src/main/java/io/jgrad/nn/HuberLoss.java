package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Huber loss with threshold {@code delta} (default 1): 0.5 d^2 where {@code |d| < delta}, else delta (|d| - 0.5 delta), with
 * d = prediction - target. Quadratic near zero, linear (robust to outliers) far away.
 */
public final class HuberLoss extends ElementwiseLoss<HuberLoss> {
    private double delta = 1.0;

    public HuberLoss() {}

    public HuberLoss delta(double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        this.delta = delta;
        return this;
    }

    @Override
    protected Tensor pointwise(Tensor prediction, Tensor target) {
        Tensor d = prediction.sub(target);
        Tensor ad = d.abs();
        return Tensor.where(ad.lt(delta), d.square().mul(0.5), ad.sub(0.5 * delta).mul(delta));
    }
}
