package io.jgrad.select.compare;

import io.jgrad.metrics.ConfusionMatrix;

import java.util.Arrays;

/** The classification figures {@link io.jgrad.metrics.Metrics} does not have: balanced accuracy and ROC-AUC. */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /**
     * The mean recall over the classes that occur in the truth (as scikit-learn's {@code balanced_accuracy_score});
     * 0 when no class occurs.
     */
    public static double balancedAccuracy(ConfusionMatrix m) {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < m.classes(); c++) {
            if (m.support(c) > 0) {
                sum += m.recall(c);
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }

    /**
     * The area under the ROC curve: the probability that a random positive example scores higher than a random
     * negative one, ties counting one half (the Mann-Whitney statistic, as scikit-learn's {@code roc_auc_score}).
     *
     * @param scores   a score per example, higher meaning more likely positive
     * @param positive whether each example is positive
     * @return the area, or NaN when one of the two classes is absent
     * @throws IllegalArgumentException when the lengths differ or a score is NaN
     */
    public static double rocAuc(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("rocAuc: " + scores.length + " scores but " + positive.length
                    + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("rocAuc: score " + i + " is NaN");
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1; // tied scores share their mean rank
            for (int i = start; i <= end; i++) {
                if (positive[order[i]]) {
                    positiveRankSum += rank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
