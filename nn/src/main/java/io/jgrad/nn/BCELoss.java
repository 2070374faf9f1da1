package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Binary cross-entropy from probabilities: {@code -(y log p + (1 - y) log(1 - p))}, with each log clamped at -100 as
 * PyTorch does. Prefer {@link BCEWithLogitsLoss}, which is stable for saturated outputs.
 */
public final class BCELoss implements Loss {
    private Reduction reduction = Reduction.MEAN;
    private Tensor weight;

    public BCELoss() {}

    public BCELoss reduction(Reduction r) {
        reduction = LossChecks.notNull(r);
        return this;
    }

    public BCELoss weight(Tensor w) {
        weight = w;
        return this;
    }

    @Override
    public Tensor compute(Tensor probs, Tensor target) {
        LossChecks.sameShape("BCELoss", probs, target);
        Tensor y = target.to(probs.dtype());
        Tensor logP = probs.log().clamp(-100, Double.NaN);
        Tensor log1mP = probs.rsub(1).log().clamp(-100, Double.NaN);
        Tensor loss = y.mul(logP).add(y.rsub(1).mul(log1mP)).neg();
        if (weight != null) loss = loss.mul(weight.to(probs.dtype()));
        return reduction.apply(loss);
    }
}
