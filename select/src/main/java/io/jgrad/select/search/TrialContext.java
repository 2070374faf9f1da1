package io.jgrad.select.search;

import java.time.Duration;
import java.time.Instant;

/**
 * What an {@link Objective} gets to know about the trial it evaluates.
 *
 * @param trialId          the trial's number in the search, from 0 in proposal order
 * @param resource         how much to train: epochs (or another unit the objective chose for the search's
 *                         {@linkplain HyperparameterSearch.Builder#resource full resource})
 * @param previousTrialId  the earlier trial of the same configuration that this one continues (successive halving,
 *                         Hyperband), or -1
 * @param previousResource the resource that earlier trial trained with, or 0
 * @param seed             a seed for the objective's own randomness (weights, shuffling), derived from the search's
 *                         seed; a continued configuration keeps its first trial's seed
 * @param deadline         when the search stops starting trials, or null for none; a long objective may stop early
 *                         and return its best score so far
 */
public record TrialContext(int trialId, double resource, int previousTrialId, double previousResource, long seed,
                           Instant deadline) {

    /** The resource as a whole number of epochs, at least 1. */
    public int epochs() {
        return (int) Math.max(1, Math.round(resource));
    }

    /** The earlier trial's resource as whole epochs (0 when this trial continues nothing). */
    public int previousEpochs() {
        return previousTrialId < 0 ? 0 : (int) Math.max(1, Math.round(previousResource));
    }

    /** Whether this trial continues an earlier trial of the same configuration. */
    public boolean continuesEarlierTrial() {
        return previousTrialId >= 0;
    }

    /** The time left until the deadline (negative once past), or null without a deadline. */
    public Duration timeLeft() {
        return deadline == null ? null : Duration.between(Instant.now(), deadline);
    }
}
