package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Negative log-likelihood from log-probabilities {@code [N, C, d...]} (e.g. {@link LogSoftmax}'s output) and integer
 * labels {@code [N, d...]}, with optional class weights and an ignored label. MEAN divides by the summed weight of
 * the counted targets, as PyTorch.
 */
public final class NLLLoss extends ReducedLoss<NLLLoss> {
    private Tensor weight;
    private long ignoreIndex = -100;

    public NLLLoss() {}

    public NLLLoss weight(Tensor classWeights) {
        weight = classWeights;
        return this;
    }

    public NLLLoss ignoreIndex(long index) {
        ignoreIndex = index;
        return this;
    }

    @Override
    public Tensor compute(Tensor logProbs, Tensor labels) {
        ClassLosses.checkInputRank("NLLLoss", logProbs);
        if (!ClassLosses.isLabels(labels)) {
            throw new IllegalArgumentException("NLLLoss: labels must be I64 or I32 class indices, got " + labels.dtype());
        }
        boolean single = ClassLosses.unbatched(logProbs);
        Tensor x = single ? logProbs.unsqueeze(0) : logProbs;
        Tensor t = single ? labels.unsqueeze(0) : labels;
        Tensor out = ClassLosses.fromLabels("NLLLoss", x, t, weight, ignoreIndex, 0, reduction());
        return single && reduction() == Reduction.NONE ? out.squeeze(0) : out;
    }
}
