package io.jgrad.nn;

import io.jgrad.Tensor;

/** One-line shortcuts for the losses with their default options (MEAN reduction). */
public final class Losses {
    private Losses() {}

    public static Tensor mse(Tensor prediction, Tensor target) { return new MSELoss().compute(prediction, target); }

    public static Tensor l1(Tensor prediction, Tensor target) { return new L1Loss().compute(prediction, target); }

    public static Tensor huber(Tensor prediction, Tensor target, double delta) {
        return new HuberLoss().delta(delta).compute(prediction, target);
    }

    /** Cross-entropy from logits with integer labels or probability targets. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) { return new CrossEntropyLoss().compute(logits, target); }

    public static Tensor nll(Tensor logProbs, Tensor labels) { return new NLLLoss().compute(logProbs, labels); }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return new BCEWithLogitsLoss().compute(logits, target);
    }

    public static Tensor binaryCrossEntropy(Tensor probs, Tensor target) { return new BCELoss().compute(probs, target); }

    /** KL(target || input) per sample (BATCH_MEAN), input given as log-probabilities. */
    public static Tensor klDiv(Tensor logProbs, Tensor target) {
        return new KLDivLoss().reduction(Reduction.BATCH_MEAN).compute(logProbs, target);
    }
}
