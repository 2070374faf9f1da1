package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Binary cross-entropy from logits, computed stably:
 * {@code -(posWeight * y * log sigmoid(x) + (1 - y) * log(1 - sigmoid(x)))}, times an optional element weight.
 * {@code posWeight} (broadcast along the last dimension, one per class) trades recall against precision.
 */
public final class BCEWithLogitsLoss extends ElementwiseLoss<BCEWithLogitsLoss> {
    /** softplus(z) = z exactly once z > 40: log1p(exp(-40)) is below double precision there. */
    private static final double SOFTPLUS_THRESHOLD = 40;
    private Tensor weight;
    private Tensor posWeight;

    public BCEWithLogitsLoss() {}

    /** A weight per element (broadcast to the input). */
    public BCEWithLogitsLoss weight(Tensor w) {
        weight = w;
        return this;
    }

    /** A weight for the positive term, per class (broadcast along the last dimension). */
    public BCEWithLogitsLoss posWeight(Tensor pw) {
        posWeight = pw;
        return this;
    }

    @Override
    protected Tensor pointwise(Tensor logits, Tensor target) {
        Tensor y = target.to(logits.dtype());
        // -log sigmoid(x) = softplus(-x) and -log(1 - sigmoid(x)) = x + softplus(-x).
        Tensor spNeg = logits.neg().softplus(1, SOFTPLUS_THRESHOLD);
        Tensor positive = posWeight == null ? y : y.mul(posWeight.to(logits.dtype()));
        Tensor loss = positive.mul(spNeg).add(y.rsub(1).mul(logits.add(spNeg)));
        if (weight != null) loss = loss.mul(weight.to(logits.dtype()));
        return loss;
    }
}
