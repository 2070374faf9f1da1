package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;

import java.util.Objects;

/**
 * A model's predictions on a fold's validation rows, kept so that its metric can be computed again on any choice of
 * those rows (with repeats: a bootstrap resample, {@link PairedBootstrap}). Only what the metrics need is kept: for
 * multi-class classification the predicted class of each row (the arg-max of its logits), for binary classification
 * the two logits (ROC-AUC ranks their margin), for regression the predicted value; and the rows' targets. That is
 * about 16 bytes a validation row whatever the number of classes, so a k-fold run keeps about 16 bytes a development
 * row per configuration.
 *
 * @param profile the task: its type and classes say how {@link Evaluation} reads the outputs
 * @param outputs per row, the predicted class index (I64 {@code [n]}) for multi-class classification, the logits
 *                ({@code [n, 2]}) for binary classification, the predicted value ({@code [n, 1]}, in the target's
 *                units) for regression
 * @param targets the rows' targets
 */
public record ValidationPredictions(TaskProfile profile, Tensor outputs, Tensor targets) {

    /** Checks that outputs and targets cover the same rows. */
    public ValidationPredictions {
        Objects.requireNonNull(profile, "profile");
        if (outputs.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("validation predictions: " + outputs.dim(0) + " output rows but "
                    + targets.dim(0) + " targets");
        }
    }

    /**
     * What the metrics need of a model's {@code outputs} (logits {@code [n, classes]}, or values {@code [n, 1]}) on
     * rows whose targets are {@code targets}.
     */
    public static ValidationPredictions of(TaskProfile profile, Tensor outputs, Tensor targets) {
        Tensor kept = profile.task() == TaskType.MULTICLASS_CLASSIFICATION ? outputs.argmax(1, false) : outputs;
        return new ValidationPredictions(profile, kept, targets);
    }

    /** The number of validation rows. */
    public int size() { return targets.dim(0); }

    /** {@code metric} on every validation row: the fold's score. */
    public double score(SelectionMetric metric) { return Evaluation.score(profile, metric, outputs, targets); }

    /**
     * {@code metric} on the validation rows at {@code positions} (0 to {@link #size()} - 1, repeats allowed), computed
     * by {@link Evaluation#score}: on all rows in order, the fold's score.
     */
    public double score(SelectionMetric metric, int[] positions) {
        Tensor index = CrossValidation.rows(positions);
        return Evaluation.score(profile, metric, outputs.indexSelect(0, index), targets.indexSelect(0, index));
    }
}
