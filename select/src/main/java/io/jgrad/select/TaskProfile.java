package io.jgrad.select;

import java.util.List;
import java.util.Objects;

/**
 * What the analysis step found about a task and its data (step 1 of the four-step method). The selector's later
 * steps read it to choose candidate families, and the report shows it.
 *
 * @param modality       images, a table or text
 * @param task           binary or multi-class classification, or regression
 * @param samples        examples in the whole data set
 * @param inputShape     the shape of one prepared example as models take it (e.g. {@code [30]}, {@code [1, 28, 28]})
 * @param classNames     the class names in index order (empty for regression)
 * @param imbalanceRatio the largest class count over the smallest (1 for balanced data and for regression)
 * @param findings       what the analysis noticed that a user should know (missing values, a constant column,
 *                       duplicates, imbalance), one sentence each
 * @param tokenIds       for text, the number of token ids an example's ids lie in ({@code 0..tokenIds-1}: the
 *                       vocabulary plus the padding and unknown ids, see
 *                       {@link io.jgrad.select.analyse.WordTokenizer}); 0 when unknown or not text
 */
public record TaskProfile(Modality modality, TaskType task, int samples, List<Integer> inputShape,
                          List<String> classNames, double imbalanceRatio, List<String> findings, int tokenIds) {

    /** Checks the fields agree with each other. */
    public TaskProfile {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(task, "task");
        inputShape = List.copyOf(inputShape);
        classNames = List.copyOf(classNames);
        findings = List.copyOf(findings);
        if (samples < 0) {
            throw new IllegalArgumentException("TaskProfile: samples must not be negative, got " + samples);
        }
        if (task.isClassification() && classNames.size() < 2) {
            throw new IllegalArgumentException("TaskProfile: " + task + " needs at least two classes, got "
                    + classNames);
        }
        if (task == TaskType.BINARY_CLASSIFICATION && classNames.size() != 2) {
            throw new IllegalArgumentException("TaskProfile: binary classification has two classes, got "
                    + classNames);
        }
        if (task == TaskType.REGRESSION && !classNames.isEmpty()) {
            throw new IllegalArgumentException("TaskProfile: regression has no classes, got " + classNames);
        }
        if (tokenIds < 0) throw new IllegalArgumentException("TaskProfile: tokenIds must be >= 0, got " + tokenIds);
    }

    /** A profile without a token-id count (tables, images). */
    public TaskProfile(Modality modality, TaskType task, int samples, List<Integer> inputShape,
                       List<String> classNames, double imbalanceRatio, List<String> findings) {
        this(modality, task, samples, inputShape, classNames, imbalanceRatio, findings, 0);
    }

    /** The number of classes (0 for regression). */
    public int classes() {
        return classNames.size();
    }
}
