package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Kullback-Leibler divergence KL(target || input) with the input given as log-probabilities and the target as
 * probabilities (or log-probabilities with {@link #logTarget}): pointwise {@code target (log target - input)}, 0
 * where target is 0. Use {@link Reduction#BATCH_MEAN} for the true KL per sample; MEAN divides by the element count
 * (PyTorch's default, kept for compatibility).
 */
public final class KLDivLoss extends ElementwiseLoss<KLDivLoss> {
    private boolean logTarget;

    public KLDivLoss() {}

    public KLDivLoss logTarget(boolean value) {
        logTarget = value;
        return this;
    }

    @Override
    protected Tensor pointwise(Tensor logProbs, Tensor target) {
        Tensor t = target.to(logProbs.dtype());
        if (logTarget) return t.exp().mul(t.sub(logProbs));
        // x log x with 0 log 0 = 0; log of 1 where the target is 0 keeps NaN out of the unused branch.
        Tensor positive = t.gt(0);
        Tensor xlogx = Tensor.where(positive, t.mul(Tensor.where(positive, t, Tensor.onesLike(t)).log()), Tensor.zerosLike(t));
        return xlogx.sub(t.mul(logProbs));
    }
}
