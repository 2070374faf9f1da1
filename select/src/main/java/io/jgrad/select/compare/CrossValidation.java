package io.jgrad.select.compare;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.Hyperparameters;

import java.util.List;

/**
 * Step 3's measurement: one configuration trained and validated on every fold (early stopping on the fold's
 * validation rows), its metric's mean and spread. Every candidate sees the same folds and, per fold, the same seed,
 * so their scores pair up fold by fold.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Evaluates {@code config} of {@code family} on {@code folds} of {@code data} ({@link CrossValidationRun}). */
    public static CandidateResult evaluate(CandidateFamily family, Hyperparameters config, PreparedData data,
                                           List<Fold> folds, SelectionMetric metric, TrainingSettings settings,
                                           long seed) {
        return new CrossValidationRun(family, config, data, folds, metric, settings.patience(), seed)
                .trainTo(settings.maxEpochs());
    }

    /** Row indices as an I64 index tensor. */
    public static Tensor rows(int[] rows) {
        long[] idx = new long[rows.length];
        for (int i = 0; i < rows.length; i++) idx[i] = rows[i];
        return Tensor.wrap(idx, Shape.of(rows.length));
    }
}
