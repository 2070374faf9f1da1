package io.jgrad.select.compare;

import io.jgrad.select.SelectionMetric;

import java.util.Locale;

/**
 * Whether the best candidate is really better than the runner-up. Over several folds: the corrected resampled t-test
 * of Nadeau and Bengio (2003) on their fold-by-fold score differences. Plain paired t-tests over cross-validation
 * folds are too confident because the folds' training sets overlap; the correction inflates the variance by
 * {@code 1/J + n_validation/n_train} instead of {@code 1/J} (J paired folds), as Bouckaert and Frank (2004)
 * recommend for (repeated) k-fold cross-validation. Over a single validation split: the paired bootstrap over its
 * validation examples ({@link PairedBootstrap}). {@link #of(CandidateResult, CandidateResult, SelectionMetric,
 * Resampling, long)} picks the test the resampling allows.
 *
 * @param best           what the leader is: its family's name, or the selector's leaderboard row such as
 *                       {@code mlp (rank 1, tuned)} ({@link #named})
 * @param runnerUp       what the runner-up is, in the same way
 * @param meanDifference the mean of best minus runner-up over the folds (the difference on the validation split for
 *                       the bootstrap), signed so that positive favours the leader
 * @param t              the corrected t statistic (NaN when it cannot be computed, and for the bootstrap, which has
 *                       none)
 * @param degreesOfFreedom J - 1 (0 for the bootstrap)
 * @param pValue         the two-sided p-value (NaN when no test was possible: a single fold for the t-test, an
 *                       undefined score)
 * @param test           the test's name ({@link #TEST_NAME} or {@link PairedBootstrap#TEST_NAME})
 * @param examples       the validation examples the bootstrap resampled (0 for the t-test over folds)
 */
public record PairedComparison(String best, String runnerUp, double meanDifference, double t, int degreesOfFreedom,
                               double pValue, String test, int examples) {
    /** The name reports give the t-test over folds. */
    public static final String TEST_NAME = "corrected resampled t-test (Nadeau & Bengio)";
    /** The significance level of the verdict. */
    public static final double ALPHA = 0.05;

    /**
     * Compares {@code best} with {@code runnerUp} by the test {@code resampling} allows: the paired bootstrap over the
     * validation examples for a single split ({@link PairedBootstrap}, its resamples drawn from {@code seed}), the
     * corrected resampled t-test over the folds otherwise.
     */
    public static PairedComparison of(CandidateResult best, CandidateResult runnerUp, SelectionMetric metric,
                                      Resampling resampling, long seed) {
        return resampling.runs() == 1 ? PairedBootstrap.of(best, runnerUp, metric, seed)
                : of(best, runnerUp, metric, resampling.validationShare());
    }

    /**
     * Compares {@code best} with {@code runnerUp} over their common folds by the corrected resampled t-test;
     * {@code validationShare} is the validation rows over all rows of a fold (1/k for k-fold), giving
     * {@code n_validation/n_train = share / (1 - share)}.
     */
    public static PairedComparison of(CandidateResult best, CandidateResult runnerUp, SelectionMetric metric,
                                      double validationShare) {
        double[] a = best.scores(), b = runnerUp.scores();
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired comparison: " + a.length + " and " + b.length
                    + " fold scores; the candidates must share their folds");
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = metric.higherIsBetter() ? a[i] - b[i] : b[i] - a[i];
        double mean = Stats.mean(d);
        int j = d.length;
        if (j < 2) return new PairedComparison(best.family(), runnerUp.family(), mean, Double.NaN, 0, Double.NaN,
                TEST_NAME, 0);
        double variance = Stats.variance(d);
        double t, p;
        if (variance == 0) {
            t = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
            p = mean == 0 ? 1 : 0;
        } else {
            t = mean / Math.sqrt((1.0 / j + validationShare / (1 - validationShare)) * variance);
            p = Stats.studentTwoSidedP(t, j - 1);
        }
        return new PairedComparison(best.family(), runnerUp.family(), mean, t, j - 1, p, TEST_NAME, 0);
    }

    /** This comparison with the two candidates described as {@code best} and {@code runnerUp}. */
    public PairedComparison named(String best, String runnerUp) {
        return new PairedComparison(best, runnerUp, meanDifference, t, degreesOfFreedom, pValue, test, examples);
    }

    /** Whether the leader is better at the {@link #ALPHA} level. */
    public boolean significant() { return pValue < ALPHA && meanDifference > 0; }

    /** A sentence for the report. */
    public String verdict() {
        boolean bootstrap = examples > 0;
        if (Double.isNaN(pValue)) {
            if (bootstrap) {
                return best + " vs " + runnerUp + ": not tested, the metric is undefined on the validation split";
            }
            if (degreesOfFreedom == 0) {
                return best + " leads " + runnerUp + " on a single fold: no test is possible from one fold score (a"
                        + " single validation split is tested by the paired bootstrap over its examples)";
            }
            return best + " vs " + runnerUp + ": not tested, a fold's score is undefined";
        }
        String conclusion = significant() ? best + " is significantly better at the 5% level"
                : "the difference is not significant at the 5% level; the simpler or cheaper may do as well";
        if (bootstrap) {
            return String.format(Locale.ROOT, "%s vs %s: difference %+.4f on %d validation examples, p = %.4f (%s):"
                    + " %s", best, runnerUp, meanDifference, examples, pValue, test, conclusion);
        }
        return String.format(Locale.ROOT, "%s vs %s: mean difference %+.4f over %d folds, t = %.3f, p = %.4f (%s):"
                + " %s", best, runnerUp, meanDifference, degreesOfFreedom + 1, t, pValue, test, conclusion);
    }
}
