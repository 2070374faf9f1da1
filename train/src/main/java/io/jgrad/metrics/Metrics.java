package io.jgrad.metrics;

import io.jgrad.DType;
import io.jgrad.Tensor;

/**
 * Metrics on whole tensors. Classification metrics take either class scores {@code [n, classes]} (logits or
 * probabilities; the arg-max is the prediction) or predicted class indices {@code [n]}, and true class indices
 * {@code [n]}. Regression metrics compare same-shaped tensors element by element.
 */
public final class Metrics {
    private Metrics() {}

    /** Predicted classes: the arg-max of scores {@code [n, classes]}, or the indices themselves when 1-D. */
    public static long[] predictedClasses(Tensor output) {
        if (output.rank() == 2) return output.argmax(1, false).toLongArray();
        if (output.rank() == 1) return output.toLongArray();
        throw new IllegalArgumentException("expected class scores [n, classes] or class indices [n], got shape " + output.shape());
    }

    private static long[] labels(Tensor target, int n) {
        long[] y = target.reshape(-1).toLongArray();
        if (y.length != n) throw new IllegalArgumentException(n + " predictions but " + y.length + " targets");
        return y;
    }

    /**
     * The number of rows whose predicted class equals the target, as an I64 scalar computed where the tensors are
     * (nothing is read back).
     */
    static Tensor correctCount(Tensor output, Tensor target) {
        Tensor predicted = switch (output.rank()) {
            case 2 -> output.argmax(1, false);
            case 1 -> output.to(DType.I64);
            default -> throw new IllegalArgumentException("expected class scores [n, classes] or class indices [n], got shape " + output.shape());
        };
        if (target.numel() != predicted.numel()) {
            throw new IllegalArgumentException(predicted.numel() + " predictions but " + target.numel() + " targets");
        }
        return predicted.eq(target.reshape(-1).to(DType.I64)).sum();
    }

    /**
     * The share of rows whose predicted class is the target.
     *
     * @throws IllegalArgumentException if the sizes differ, or, with class scores {@code [n, C]}, a target is not a
     *                                  class index 0..C-1
     */
    public static double accuracy(Tensor output, Tensor target) {
        long[] p = predictedClasses(output);
        long[] y = labels(target, p.length);
        if (output.rank() == 2) {
            int classes = output.dim(1);
            for (long label : y) {
                if (label < 0 || label >= classes) throw labelOutOfRange(label, classes);
            }
        }
        long correct = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == y[i]) correct++;
        return p.length == 0 ? 0 : (double) correct / p.length;
    }

    /** The error for a target that is not a class index of scores with {@code classes} columns. */
    static IllegalArgumentException labelOutOfRange(long label, int classes) {
        return new IllegalArgumentException("accuracy: label " + label + " is out of range for " + classes
                + " classes (class scores have " + classes + " columns; labels must be 0.." + (classes - 1) + ")");
    }

    /** Fraction of examples whose true class is among the {@code k} highest scores (ties broken by lower index). */
    public static double topKAccuracy(Tensor scores, Tensor target, int k) {
        return (double) topKHits(scores, target, k) / Math.max(1, scores.dim(0));
    }

    static long topKHits(Tensor scores, Tensor target, int k) {
        if (scores.rank() != 2) throw new IllegalArgumentException("top-k accuracy needs scores [n, classes], got " + scores.shape());
        int n = scores.dim(0), c = scores.dim(1);
        if (k < 1 || k > c) throw new IllegalArgumentException("top-k: k must be in 1.." + c + ", got " + k);
        float[] s = scores.toFloatArray();
        long[] y = labels(target, n);
        long hits = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= c) throw new IllegalArgumentException("top-k: target " + y[i] + " at row " + i + " outside 0.." + (c - 1));
            float truth = s[i * c + (int) y[i]];
            int better = 0; // classes ranked above the true one
            for (int j = 0; j < c; j++) {
                float v = s[i * c + j];
                if (v > truth || (v == truth && j < y[i])) better++;
            }
            if (better < k) hits++;
        }
        return hits;
    }

    public static ConfusionMatrix confusionMatrix(Tensor output, Tensor target, int classes) {
        long[] p = predictedClasses(output);
        return ConfusionMatrix.of(labels(target, p.length), p, classes);
    }

    public static double precision(Tensor output, Tensor target, int classes, Average avg) {
        return confusionMatrix(output, target, classes).precision(avg);
    }

    public static double recall(Tensor output, Tensor target, int classes, Average avg) {
        return confusionMatrix(output, target, classes).recall(avg);
    }

    public static double f1(Tensor output, Tensor target, int classes, Average avg) {
        return confusionMatrix(output, target, classes).f1(avg);
    }

    public static double mse(Tensor prediction, Tensor target) {
        double[][] pt = pair(prediction, target);
        double s = 0;
        for (int i = 0; i < pt[0].length; i++) s += (pt[0][i] - pt[1][i]) * (pt[0][i] - pt[1][i]);
        return s / pt[0].length;
    }

    public static double mae(Tensor prediction, Tensor target) {
        double[][] pt = pair(prediction, target);
        double s = 0;
        for (int i = 0; i < pt[0].length; i++) s += Math.abs(pt[0][i] - pt[1][i]);
        return s / pt[0].length;
    }

    /** Coefficient of determination over all elements: {@code 1 - SS_res / SS_tot} (NaN for a constant target). */
    public static double r2(Tensor prediction, Tensor target) {
        double[][] pt = pair(prediction, target);
        double mean = 0;
        for (double v : pt[1]) mean += v;
        mean /= pt[1].length;
        double res = 0, tot = 0;
        for (int i = 0; i < pt[0].length; i++) {
            res += (pt[1][i] - pt[0][i]) * (pt[1][i] - pt[0][i]);
            tot += (pt[1][i] - mean) * (pt[1][i] - mean);
        }
        return tot == 0 ? Double.NaN : 1 - res / tot;
    }

    private static double[][] pair(Tensor prediction, Tensor target) {
        if (prediction.numel() != target.numel() || prediction.numel() == 0) {
            throw new IllegalArgumentException("regression metric: prediction " + prediction.shape() + " and target "
                    + target.shape() + " must have the same, non-zero number of elements");
        }
        return new double[][] {prediction.toDoubleArray(), target.toDoubleArray()};
    }
}
