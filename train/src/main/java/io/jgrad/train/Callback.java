package io.jgrad.train;

import io.jgrad.Tensor;

import java.util.Map;

/**
 * Hooks the trainer calls during {@link Trainer#fit}. Epochs are 1-based. {@code logs} is the epoch's history row
 * (already recorded when {@link #onEpochEnd} runs). A callback may call {@link Trainer#stop()}.
 */
public interface Callback {
    default void onTrainBegin(Trainer trainer) {}

    default void onEpochBegin(Trainer trainer, int epoch) {}

    /**
     * After each training step, with the batch's loss: a scalar tensor where the model runs, cut from the graph.
     * Reading it ({@code loss.item()}) waits for a GPU to finish the step; the trainer itself does not.
     */
    default void onBatchEnd(Trainer trainer, int batch, Tensor loss) {}

    default void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(Trainer trainer) {}
}
