package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.train.History;
import io.jgrad.train.Trainer;

/**
 * A trained candidate model with its learning curves.
 *
 * @param model     the model (weights of the best validation epoch when validated)
 * @param trainer   the trainer, for prediction
 * @param history   the per-epoch losses (and validation losses when validated)
 * @param bestEpoch the epoch whose weights the model has (1-based)
 */
public record FittedModel(Module model, Trainer trainer, History history, int bestEpoch) {
    private static final int PREDICT_BATCH = 256;

    /** The model's outputs (logits or values) for encoded inputs {@code [n, ...]}. */
    public Tensor predict(Tensor inputs) { return trainer.predict(inputs, PREDICT_BATCH); }
}
