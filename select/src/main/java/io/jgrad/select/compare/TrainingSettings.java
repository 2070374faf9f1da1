package io.jgrad.select.compare;

/**
 * How long candidates train: at most {@code maxEpochs}, stopping when the validation loss has not improved for
 * {@code patience} epochs (the best epoch's weights are kept).
 *
 * @param maxEpochs the epoch limit of a run
 * @param patience  epochs without improvement before stopping
 */
public record TrainingSettings(int maxEpochs, int patience) {
    /** Checks the counts. */
    public TrainingSettings {
        if (maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException("TrainingSettings: maxEpochs and patience must be >= 1, got "
                    + maxEpochs + ", " + patience);
        }
    }
}
