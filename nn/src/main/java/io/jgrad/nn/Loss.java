package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.List;

/**
 * A loss: a tensor (a scalar unless the reduction is NONE) computed from a prediction and a target. A model with
 * several outputs is trained with a loss over all of them, such as {@link CombinedLoss}; {@link #compute(List, List)}
 * is the form the trainer calls for it.
 */
@FunctionalInterface
public interface Loss {
    Tensor compute(Tensor prediction, Tensor target);

    /**
     * The loss of several predictions (a model's outputs, in order) against several targets. The default takes
     * exactly one of each and fails, naming the counts, for more.
     */
    default Tensor compute(List<Tensor> predictions, List<Tensor> targets) {
        if (predictions.size() != 1 || targets.size() != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": takes one prediction and one target, got "
                    + predictions.size() + " and " + targets.size() + "; combine one loss per output with CombinedLoss");
        }
        return compute(predictions.getFirst(), targets.getFirst());
    }
}
