package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.select.analyse.TargetScaling;
import io.jgrad.train.History;
import io.jgrad.train.Trainer;

/**
 * A trained candidate model with its learning curves.
 *
 * @param model         the model (weights of the best validation epoch when validated)
 * @param trainer       the trainer, for prediction
 * @param history       the per-epoch losses (and validation losses when validated; for regression on the
 *                      standardised target)
 * @param bestEpoch     the epoch whose weights the model has (1-based)
 * @param targetScaling for regression, the standardisation of the target the model was trained on; null for
 *                      classification
 */
public record FittedModel(Module model, Trainer trainer, History history, int bestEpoch,
                          TargetScaling targetScaling) {
    private static final int PREDICT_BATCH = 256;

    /** The model's outputs (logits, or values in the target's units) for encoded inputs {@code [n, ...]}. */
    public Tensor predict(Tensor inputs) {
        Tensor outputs = trainer.predict(inputs, PREDICT_BATCH);
        return targetScaling == null ? outputs : targetScaling.restore(outputs);
    }
}
