package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.train.Callback;
import io.jgrad.train.EarlyStopping;
import io.jgrad.train.Trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link EarlyStopping} on the validation loss (the best epoch's weights restored when a fit ends) that a later
 * {@code fit} on the same trainer continues rather than starts over: the best value, its weights and the epochs
 * without improvement carry over, and the model goes on from its last epoch's weights, not the restored ones. So
 * {@code fit(..., 3)} then {@code fit(..., 10)} trains the same model, with the same history, as {@code fit(..., 10)}
 * alone; where the patience ran out, the run is over ({@link #stopped()}) and a longer fit would change nothing.
 *
 * <p>Between fits it keeps, besides the model, the best epoch's weights and, when they were restored, the last
 * epoch's: two copies of the model's state.
 */
final class ContinuedEarlyStopping implements Callback {
    private static final String MONITOR = "val_loss";

    private final EarlyStopping stopping;
    private boolean begun;
    private Map<String, Tensor> lastWeights; // the last epoch's weights while the best epoch's are restored

    ContinuedEarlyStopping(int patience) {
        this.stopping = new EarlyStopping(MONITOR, patience);
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        if (!begun) {
            begun = true;
            stopping.onTrainBegin(trainer);
        } else if (lastWeights != null) {
            trainer.model().loadStateDict(lastWeights, true);
            lastWeights = null;
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        stopping.onEpochEnd(trainer, epoch, logs);
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (!stopped() && stopping.bestEpoch() != trainer.epochsDone()) {
            lastWeights = copy(trainer.model().stateDict()); // the best epoch's are restored next
        }
        stopping.onTrainEnd(trainer);
    }

    /** Whether the patience ran out: training is over whatever the epoch limit. */
    boolean stopped() { return stopping.stoppedEpoch() > 0; }

    /** The epoch whose weights the model has after a fit (1-based), or 0 before the first epoch. */
    int bestEpoch() { return stopping.bestEpoch(); }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (var g = Grad.off()) {
            state.forEach((k, v) -> copy.put(k, v.detach().contiguousCopy()));
        }
        return copy;
    }
}
