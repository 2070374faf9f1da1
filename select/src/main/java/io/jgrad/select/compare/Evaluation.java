package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.metrics.Average;
import io.jgrad.metrics.ConfusionMatrix;
import io.jgrad.metrics.Metrics;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's figures on one evaluation split. Classification: accuracy, balanced accuracy, precision/recall/F1
 * (macro and weighted), ROC-AUC (binary), per-class scores and the confusion matrix. Regression: MSE, MAE, R².
 *
 * @param metrics   every figure by name ({@link SelectionMetric#key()} names plus {@code precision_macro},
 *                  {@code recall_macro}, {@code precision_weighted}, {@code recall_weighted})
 * @param confusion the confusion matrix (rows: truth, columns: prediction), null for regression
 * @param perClass  per-class scores in class order (empty for regression)
 */
public record Evaluation(Map<String, Double> metrics, ConfusionMatrix confusion, List<ClassScores> perClass) {

    /** Copies the collections. */
    public Evaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        perClass = List.copyOf(perClass);
    }

    /**
     * The figures of {@code outputs} (logits {@code [n, classes]}, or values {@code [n, 1]}) against {@code targets}.
     */
    public static Evaluation of(TaskProfile profile, Tensor outputs, Tensor targets) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (profile.task() == TaskType.REGRESSION) {
            m.put("mse", Metrics.mse(outputs, targets));
            m.put("mae", Metrics.mae(outputs, targets));
            m.put("r2", Metrics.r2(outputs, targets));
            return new Evaluation(m, null, List.of());
        }
        int classes = profile.classes();
        ConfusionMatrix cm = Metrics.confusionMatrix(outputs, targets, classes);
        m.putAll(confusionFigures(cm));
        if (profile.task() == TaskType.BINARY_CLASSIFICATION) m.put("roc_auc", rocAuc(outputs, targets));
        List<ClassScores> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            perClass.add(new ClassScores(profile.classNames().get(c), cm.precision(c), cm.recall(c), cm.f1(c),
                    cm.support(c)));
        }
        return new Evaluation(m, cm, perClass);
    }

    /**
     * {@code metric} alone of {@code outputs} against {@code targets}: {@code of(profile, outputs, targets)
     * .value(metric)} without the figures the metric does not need (for a classification metric other than ROC-AUC,
     * only the confusion matrix's; ROC-AUC's sort is the costly one), for computing one metric many times.
     *
     * @throws IllegalArgumentException when the metric does not suit the task
     */
    public static double score(TaskProfile profile, SelectionMetric metric, Tensor outputs, Tensor targets) {
        if (!profile.task().isClassification() || metric == SelectionMetric.ROC_AUC) {
            return of(profile, outputs, targets).value(metric);
        }
        Map<String, Double> figures = confusionFigures(Metrics.confusionMatrix(outputs, targets, profile.classes()));
        return new Evaluation(figures, null, List.of()).value(metric);
    }

    /** The figures of a confusion matrix, in the reports' order. */
    private static Map<String, Double> confusionFigures(ConfusionMatrix cm) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", cm.accuracy());
        m.put("balanced_accuracy", ClassificationMetrics.balancedAccuracy(cm));
        m.put("f1_macro", cm.f1(Average.MACRO));
        m.put("f1_weighted", cm.f1(Average.WEIGHTED));
        m.put("precision_macro", cm.precision(Average.MACRO));
        m.put("recall_macro", cm.recall(Average.MACRO));
        m.put("precision_weighted", cm.precision(Average.WEIGHTED));
        m.put("recall_weighted", cm.recall(Average.WEIGHTED));
        return m;
    }

    /** The figure {@code metric} measures. */
    public double value(SelectionMetric metric) {
        Double v = metrics.get(metric.key());
        if (v == null) {
            throw new IllegalArgumentException("no " + metric.key() + " in this evaluation: " + metrics.keySet());
        }
        return v;
    }

    /** Binary ROC-AUC of the logit margin (class 1 minus class 0, monotone in the softmax probability). */
    private static double rocAuc(Tensor logits, Tensor targets) {
        float[] z = logits.toFloatArray();
        long[] y = targets.reshape(-1).toLongArray();
        double[] scores = new double[y.length];
        boolean[] positive = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            scores[i] = (double) z[2 * i + 1] - z[2 * i];
            positive[i] = y[i] == 1;
        }
        return ClassificationMetrics.rocAuc(scores, positive);
    }
}
