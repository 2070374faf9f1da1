package io.jgrad.metrics;

import java.util.Arrays;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)} is how many examples of class {@code t} were
 * predicted as {@code p}. Precision, recall and F1 derive from it.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes <= 0) throw new IllegalArgumentException("confusion matrix needs at least one class, got " + classes);
        counts = new long[classes][classes];
    }

    /** Builds the matrix from true and predicted class indices. */
    public static ConfusionMatrix of(long[] truth, long[] predicted, int classes) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.add(truth, predicted);
        return m;
    }

    public void add(long[] truth, long[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + truth.length + " true labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < truth.length; i++) {
            checkClass("true label", truth[i], i);
            checkClass("prediction", predicted[i], i);
            counts[(int) truth[i]][(int) predicted[i]]++;
        }
    }

    private void checkClass(String what, long c, int row) {
        if (c < 0 || c >= counts.length) {
            throw new IllegalArgumentException("confusion matrix: " + what + " " + c + " at position " + row + " is outside 0.." + (counts.length - 1));
        }
    }

    public int classes() { return counts.length; }

    public long count(int truth, int predicted) { return counts[truth][predicted]; }

    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) copy[i] = counts[i].clone();
        return copy;
    }

    public long total() { return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum(); }

    public long truePositives(int c) { return counts[c][c]; }

    /** Examples predicted as {@code c} that are not {@code c}. */
    public long falsePositives(int c) {
        long s = 0;
        for (int t = 0; t < counts.length; t++) if (t != c) s += counts[t][c];
        return s;
    }

    /** Examples of {@code c} predicted as something else. */
    public long falseNegatives(int c) {
        long s = 0;
        for (int p = 0; p < counts.length; p++) if (p != c) s += counts[c][p];
        return s;
    }

    public long support(int c) { return Arrays.stream(counts[c]).sum(); }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) correct += counts[c][c];
        long n = total();
        return n == 0 ? 0 : (double) correct / n;
    }

    /** Precision of one class; 0 when nothing was predicted as it (scikit-learn's zero_division=0). */
    public double precision(int c) { return ratio(truePositives(c), truePositives(c) + falsePositives(c)); }

    public double recall(int c) { return ratio(truePositives(c), truePositives(c) + falseNegatives(c)); }

    public double f1(int c) { return harmonic(precision(c), recall(c)); }

    public double precision(Average avg) { return combine(avg, Kind.PRECISION); }

    public double recall(Average avg) { return combine(avg, Kind.RECALL); }

    public double f1(Average avg) { return combine(avg, Kind.F1); }

    private enum Kind { PRECISION, RECALL, F1 }

    private double combine(Average avg, Kind kind) {
        int k = counts.length;
        if (avg == Average.MICRO) {
            long tp = 0, fp = 0, fn = 0;
            for (int c = 0; c < k; c++) {
                tp += truePositives(c);
                fp += falsePositives(c);
                fn += falseNegatives(c);
            }
            double p = ratio(tp, tp + fp), r = ratio(tp, tp + fn);
            return switch (kind) {
                case PRECISION -> p;
                case RECALL -> r;
                case F1 -> harmonic(p, r);
            };
        }
        double sum = 0, weights = 0;
        for (int c = 0; c < k; c++) {
            double score = switch (kind) {
                case PRECISION -> precision(c);
                case RECALL -> recall(c);
                case F1 -> f1(c);
            };
            double w = avg == Average.WEIGHTED ? support(c) : 1;
            sum += w * score;
            weights += w;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    private static double ratio(long a, long b) { return b == 0 ? 0 : (double) a / b; }

    private static double harmonic(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long[] row : counts) sb.append(Arrays.toString(row)).append('\n');
        return sb.toString();
    }
}
