package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Huber loss with threshold {@code delta} (default 1): 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta), with
 * d = prediction - target. Quadratic near zero, linear (robust to outliers) far away.
 */
public final class HuberLoss implements Loss {
    private Reduction reduction = Reduction.MEAN;
    private double delta = 1.0;

    public HuberLoss() {}

    public HuberLoss reduction(Reduction r) {
        reduction = LossChecks.notNull(r);
        return this;
    }

    public HuberLoss delta(double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        this.delta = delta;
        return this;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape("HuberLoss", prediction, target);
        Tensor d = prediction.sub(target);
        Tensor ad = d.abs();
        Tensor loss = Tensor.where(ad.lt(delta), d.square().mul(0.5), ad.sub(0.5 * delta).mul(delta));
        return reduction.apply(loss);
    }
}
