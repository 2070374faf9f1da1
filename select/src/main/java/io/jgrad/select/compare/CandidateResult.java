package io.jgrad.select.compare;

import io.jgrad.select.candidates.Hyperparameters;

import java.util.List;

/**
 * One configuration of a family evaluated over the same folds as its rivals.
 *
 * @param family  the family's name
 * @param config  the configuration
 * @param folds   the per-fold outcomes, in fold order
 * @param mean    the mean of the fold scores
 * @param std     the sample standard deviation of the fold scores (0 with one fold)
 * @param seconds the wall-clock time of the evaluation
 */
public record CandidateResult(String family, Hyperparameters config, List<FoldOutcome> folds, double mean, double std,
                              double seconds) {
    /** Copies the list. */
    public CandidateResult {
        folds = List.copyOf(folds);
    }

    /** The fold scores in fold order. */
    public double[] scores() { return folds.stream().mapToDouble(FoldOutcome::score).toArray(); }

    /** The rounded mean of the epochs early stopping kept (the epochs for a fit without validation). */
    public int meanBestEpoch() {
        return (int) Math.max(1, Math.round(folds.stream().mapToInt(FoldOutcome::bestEpoch).average().orElse(1)));
    }
}
