package io.jgrad.select;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The figure a selection ranks candidates by and reports on the test split, under its command-line name. */
public enum SelectionMetric {
    /** The share of correct predictions. */
    ACCURACY("accuracy", true, true),
    /** The mean recall over the classes present: robust to imbalance. */
    BALANCED_ACCURACY("balanced_accuracy", true, true),
    /** The unweighted mean of the per-class F1 scores. */
    F1_MACRO("f1_macro", true, true),
    /** The mean of the per-class F1 scores weighted by class support. */
    F1_WEIGHTED("f1_weighted", true, true),
    /** The area under the ROC curve of the positive class (binary classification only). */
    ROC_AUC("roc_auc", true, true),
    /** The coefficient of determination. */
    R2("r2", false, true),
    /** The mean squared error (lower is better). */
    MSE("mse", false, false),
    /** The mean absolute error (lower is better). */
    MAE("mae", false, false);

    private final String key;
    private final boolean classification;
    private final boolean higherIsBetter;

    SelectionMetric(String key, boolean classification, boolean higherIsBetter) {
        this.key = key;
        this.classification = classification;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name on the command line and in the reports, e.g. {@code f1_macro}. */
    public String key() { return key; }

    /** Whether a larger value is better (false for mse and mae). */
    public boolean higherIsBetter() { return higherIsBetter; }

    /** Whether {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) { return higherIsBetter ? a > b : a < b; }

    /**
     * The metric named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the text and listing the valid names
     */
    public static SelectionMetric parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SelectionMetric m : values()) if (m.key.equals(wanted)) return m;
        throw new IllegalArgumentException("unknown metric '" + name + "': use one of " + validNames());
    }

    /** The valid names, comma-separated. */
    public static String validNames() {
        return Arrays.stream(values()).map(SelectionMetric::key).collect(Collectors.joining(", "));
    }

    /**
     * Checks the metric suits {@code task}.
     *
     * @throws IllegalArgumentException saying which metrics suit the task
     */
    public void requireSuits(TaskType task) {
        if (!suits(task)) {
            throw new IllegalArgumentException("the metric " + key + " does not suit " + describe(task)
                    + ": use one of "
                    + Arrays.stream(values()).filter(m -> m.suits(task)).map(SelectionMetric::key)
                    .collect(Collectors.joining(", ")));
        }
    }

    /** Whether the metric suits {@code task} (roc_auc: binary classification only). */
    public boolean suits(TaskType task) {
        if (!task.isClassification()) return !classification;
        return classification && (this != ROC_AUC || task == TaskType.BINARY_CLASSIFICATION);
    }

    /** The default metric of a task: f1_macro for classification, r2 for regression. */
    public static SelectionMetric defaultFor(TaskType task) { return task.isClassification() ? F1_MACRO : R2; }

    private static String describe(TaskType task) {
        return Map.of(TaskType.BINARY_CLASSIFICATION, "binary classification", TaskType.MULTICLASS_CLASSIFICATION,
                "multi-class classification", TaskType.REGRESSION, "regression").get(task);
    }
}
