package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when the monitored value has not improved for {@code patience} epochs in a row, as Keras does:
 * with patience 2 and the best value at epoch 1, training stops after epoch 3 (patience 0 stops, like 1, at the first
 * epoch without improvement). With {@code restoreBestWeights} the model gets back the weights of its best epoch when
 * training ends.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private Map<String, Tensor> bestWeights;

    public EarlyStopping(Monitor monitor, int patience, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        this.monitor = monitor;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Watches {@code monitor} (mode from its name) with no minimum delta. */
    public EarlyStopping(String monitor, int patience) { this(Monitor.of(monitor), patience, true); }

    @Override
    public void onTrainBegin(Trainer trainer) {
        best = monitor.worst();
        bestEpoch = 0;
        wait = 0;
        stoppedEpoch = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        double current = monitor.valueIn(logs);
        if (monitor.improved(current, best)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = snapshot(trainer.model().stateDict());
        } else if (++wait >= patience) { // Keras: stop once `patience` epochs in a row brought no improvement
            stoppedEpoch = epoch;
            trainer.stop();
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != trainer.epochsDone()) {
            trainer.model().loadStateDict(bestWeights, true);
        }
    }

    static Map<String, Tensor> snapshot(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (var g = Grad.off()) {
            state.forEach((k, v) -> copy.put(k, v.detach().contiguousCopy()));
        }
        return copy;
    }

    /** The epoch (1-based) that stopped training, or 0 if it ran to the end. */
    public int stoppedEpoch() { return stoppedEpoch; }

    public int bestEpoch() { return bestEpoch; }

    public double best() { return best; }
}
