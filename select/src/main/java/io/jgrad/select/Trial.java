package io.jgrad.select;

import io.jgrad.select.candidates.Hyperparameters;

/**
 * One configuration a tuner evaluated.
 *
 * @param number         the trial's number, from 1, in order
 * @param config         the configuration
 * @param epochs         the epoch limit it trained with per fold (below the selection's limit on the early rungs of
 *                       successive halving and Hyperband)
 * @param chargedEpochs  the epochs per fold it was charged: {@code epochs}, or for a configuration resumed from an
 *                       earlier trial of {@code e} epochs only {@code epochs - e}
 * @param score          its mean cross-validated metric, NaN when it failed
 * @param failure        why it failed (NaN loss, out of memory, over the budget), or null when it ran
 * @param seconds        its wall-clock time
 */
public record Trial(int number, Hyperparameters config, int epochs, int chargedEpochs, double score, String failure,
                    double seconds) {
    /** Checks the epoch counts. */
    public Trial {
        if (epochs < 1 || chargedEpochs < 0 || chargedEpochs > epochs) {
            throw new IllegalArgumentException("trial " + number + ": " + epochs + " epochs, " + chargedEpochs
                    + " charged; needs epochs >= 1 and 0 <= charged <= epochs");
        }
    }

    /** A trial charged its whole epoch limit (trained from scratch). */
    public Trial(int number, Hyperparameters config, int epochs, double score, String failure, double seconds) {
        this(number, config, epochs, epochs, score, failure, seconds);
    }

    /** Whether the trial ran to a score. */
    public boolean succeeded() { return failure == null; }
}
