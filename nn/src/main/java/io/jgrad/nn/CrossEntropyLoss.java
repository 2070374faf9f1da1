package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * Cross-entropy from logits {@code [N, C]} (or {@code [N, C, d...]}, or one row {@code [C]}). The target is either
 * integer class labels ({@code I64}/{@code I32}, shape {@code [N, d...]}) or class probabilities shaped like the
 * input. Options: class weights, an ignored label, label smoothing and the reduction, as PyTorch 1.13's
 * {@code cross_entropy}: MEAN with labels divides by the summed weight of the counted targets.
 */
public final class CrossEntropyLoss extends ReducedLoss<CrossEntropyLoss> {
    private Tensor weight;
    private long ignoreIndex = -100;
    private double labelSmoothing;

    public CrossEntropyLoss() {}

    /** Per-class weights, shape {@code [C]}; null for none. */
    public CrossEntropyLoss weight(Tensor classWeights) {
        weight = classWeights;
        return this;
    }

    /** Targets with this label add nothing to the loss or its denominator (default -100). */
    public CrossEntropyLoss ignoreIndex(long index) {
        ignoreIndex = index;
        return this;
    }

    /** Mixes the target with the uniform distribution: (1 - eps) target + eps / C. */
    public CrossEntropyLoss labelSmoothing(double eps) {
        if (!(eps >= 0 && eps <= 1)) throw new IllegalArgumentException("CrossEntropyLoss: label smoothing must be in [0, 1], got " + eps);
        labelSmoothing = eps;
        return this;
    }

    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        ClassLosses.checkInputRank("CrossEntropyLoss", logits);
        boolean single = ClassLosses.unbatched(logits);
        Tensor x = single ? logits.unsqueeze(0) : logits;
        Tensor t = single ? target.unsqueeze(0) : target;
        Tensor logp = x.logSoftmax(1);
        Tensor out = ClassLosses.isLabels(t)
                ? ClassLosses.fromLabels("CrossEntropyLoss", logp, t, weight, ignoreIndex, labelSmoothing, reduction())
                : ClassLosses.fromProbabilities("CrossEntropyLoss", logp, t, weight, labelSmoothing, reduction());
        return single && reduction() == Reduction.NONE ? out.squeeze(0) : out;
    }
}
