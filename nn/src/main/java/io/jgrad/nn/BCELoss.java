package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Binary cross-entropy from probabilities: {@code -(y log p + (1 - y) log(1 - p))}, with each log clamped at -100 as
 * PyTorch does. Prefer {@link BCEWithLogitsLoss}, which is stable for saturated outputs.
 */
public final class BCELoss extends ElementwiseLoss<BCELoss> {
    private Tensor weight;

    public BCELoss() {}

    public BCELoss weight(Tensor w) {
        weight = w;
        return this;
    }

    /**
     * @throws IllegalArgumentException on a host backend, if an input or target is outside [0, 1] or NaN (a device
     *                                  backend is not read per step: there such values give a NaN loss)
     */
    @Override
    protected Tensor pointwise(Tensor probs, Tensor target) {
        LossChecks.probabilitiesOnHost("BCELoss", "input", probs);
        LossChecks.probabilitiesOnHost("BCELoss", "target", target);
        Tensor y = target.to(probs.dtype());
        Tensor logP = probs.log().clamp(-100, Double.NaN);
        Tensor log1mP = probs.rsub(1).log().clamp(-100, Double.NaN);
        Tensor loss = y.mul(logP).add(y.rsub(1).mul(log1mP)).neg();
        if (weight != null) loss = loss.mul(weight.to(probs.dtype()));
        return loss;
    }
}
