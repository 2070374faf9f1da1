package io.jgrad.select.compare;

import io.jgrad.Generator;
import io.jgrad.select.SelectionMetric;

import java.util.Arrays;

/**
 * Whether the best candidate is really better than the runner-up when both were validated on a single split: a
 * paired bootstrap over the split's validation examples (Efron and Tibshirani, <i>An Introduction to the
 * Bootstrap</i>, 1993; for two systems scored on one test set, Koehn 2004, "Statistical significance tests for machine
 * translation evaluation", and Berg-Kirkpatrick, Burkett and Klein 2012, "An empirical investigation of statistical
 * significance in NLP"). One split gives each candidate one score, too few for a test over fold scores
 * ({@link PairedComparison}); but both candidates predicted the same validation rows, so drawing those rows again with
 * replacement, the same draw for both, and computing each one's metric on the draw gives the sampling distribution of
 * their difference. That holds for every selection metric, also those that are not a mean over examples (F1, balanced
 * accuracy, ROC-AUC, R²), which a paired t-test over examples could not test.
 *
 * <p>The p-value is two-sided, from the percentile interval of the difference (Efron and Tibshirani, ch. 13 and 16).
 * With d the observed difference on all validation rows (signed so that positive favours the leader, as
 * {@link PairedComparison#meanDifference()}) and k the number of the B resamples whose difference does not have d's
 * sign (zero, the opposite sign, or undefined, such as a ROC-AUC on a draw without positives),
 * {@code p = min(1, 2 (k + 1) / (B + 1))}; d = 0 gives p = 1 and an undefined d an undefined p. So p is below 5 %
 * when fewer than about 2.5 % of the resamples fail to favour the leader, that is when the central 95 % percentile
 * interval of the difference excludes 0: Koehn's "better in at least 95 % of the resamples" made two-sided at the
 * 5 % level of the t-test. The +1s are the usual Monte Carlo p-value (Davison and Hinkley 1997, ch. 4), never 0;
 * counting ties and undefined differences against d keeps the test conservative.
 */
public final class PairedBootstrap {
    /**
     * The resamples drawn. With 2,000 the Monte Carlo error of a p-value near the 5 % level is about 0.005
     * ({@code sqrt(0.05 * 0.95 / 2000)}), and Efron and Tibshirani advise at least 1,000 for percentile intervals; it
     * costs 4,000 metric computations on the validation rows, well under a second for a few thousand rows, against
     * the minutes the candidates' training takes.
     */
    public static final int RESAMPLES = 2000;
    /** The name reports give the test. */
    public static final String TEST_NAME = "paired bootstrap over the validation examples (" + RESAMPLES
            + " resamples)";
    /** Mixed into the seed, so that the resamples are not drawn from the numbers that drew the split. */
    private static final long STREAM = 0x9E3779B97F4A7C15L;

    private PairedBootstrap() {}

    /**
     * Compares {@code best} with {@code runnerUp}, each validated on the same single split with its predictions kept
     * ({@link FoldOutcome#predictions()}), by {@code metric}; the resamples are drawn from {@code seed}, so the same
     * seed gives the same p-value.
     *
     * @throws IllegalArgumentException when a candidate has other than one fold or no predictions, or the two were not
     *                                  validated on the same rows (different row counts or targets)
     */
    public static PairedComparison of(CandidateResult best, CandidateResult runnerUp, SelectionMetric metric,
                                      long seed) {
        ValidationPredictions a = predictions(best), b = predictions(runnerUp);
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("paired bootstrap: " + best.family() + " has " + a.size() + " and "
                    + runnerUp.family() + " " + b.size() + " validation rows; the candidates must share their"
                    + " validation split");
        }
        if (!Arrays.equals(a.targets().toDoubleArray(), b.targets().toDoubleArray())) {
            throw new IllegalArgumentException("paired bootstrap: " + best.family() + " and " + runnerUp.family()
                    + " were validated on rows with different targets; the candidates must share their validation"
                    + " split");
        }
        double observed = difference(a.score(metric), b.score(metric), metric);
        return new PairedComparison(best.family(), runnerUp.family(), observed, Double.NaN, 0,
                pValue(a, b, metric, observed, seed), TEST_NAME, a.size());
    }

    private static double pValue(ValidationPredictions a, ValidationPredictions b, SelectionMetric metric,
                                 double observed, long seed) {
        if (Double.isNaN(observed)) return Double.NaN;
        if (observed == 0) return 1;
        Generator g = new Generator(seed ^ STREAM);
        int n = a.size();
        int[] draw = new int[n];
        int against = 0; // resamples whose difference does not have the observed sign
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < n; i++) draw[i] = g.nextInt(n);
            double d = difference(a.score(metric, draw), b.score(metric, draw), metric);
            if (!(d * Math.signum(observed) > 0)) against++; // zero and NaN count against
        }
        return Math.min(1, 2.0 * (against + 1) / (RESAMPLES + 1));
    }

    /** {@code a - b}, signed so that positive means {@code a} is better. */
    private static double difference(double a, double b, SelectionMetric metric) {
        return metric.higherIsBetter() ? a - b : b - a;
    }

    private static ValidationPredictions predictions(CandidateResult r) {
        if (r.folds().size() != 1) {
            throw new IllegalArgumentException("paired bootstrap: " + r.family() + " has " + r.folds().size()
                    + " folds; the bootstrap tests a single validation split (PairedComparison tests several folds)");
        }
        ValidationPredictions p = r.folds().getFirst().predictions();
        if (p == null) {
            throw new IllegalArgumentException("paired bootstrap: " + r.family() + " kept no validation predictions");
        }
        return p;
    }
}
