package io.jgrad.train;

import java.util.Map;

/**
 * Hooks the trainer calls during {@link Trainer#fit}. Epochs are 1-based. {@code logs} is the epoch's history row
 * (already recorded when {@link #onEpochEnd} runs). A callback may call {@link Trainer#stop()}.
 */
public interface Callback {
    default void onTrainBegin(Trainer trainer) {}

    default void onEpochBegin(Trainer trainer, int epoch) {}

    default void onBatchEnd(Trainer trainer, int batch, double loss) {}

    default void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(Trainer trainer) {}
}
