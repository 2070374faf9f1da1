package io.jgrad.select;

import io.jgrad.select.candidates.Hyperparameters;

/**
 * One configuration a tuner evaluated.
 *
 * @param number  the trial's number, from 1, in order
 * @param config  the configuration
 * @param epochs  the epoch limit it trained with per fold (below the selection's limit on the early rungs of
 *                successive halving and Hyperband)
 * @param score   its mean cross-validated metric, NaN when it failed
 * @param failure why it failed (NaN loss, out of memory, over the budget), or null when it ran
 * @param seconds its wall-clock time
 */
public record Trial(int number, Hyperparameters config, int epochs, double score, String failure, double seconds) {
    /** Whether the trial ran to a score. */
    public boolean succeeded() { return failure == null; }
}
