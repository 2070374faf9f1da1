package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.select.Modality;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.train.History;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paired bootstrap over a single split's validation examples, on constructed predictions. */
class PairedBootstrapTest {
    private static final TaskProfile THREE_CLASSES = new TaskProfile(Modality.TABULAR,
            TaskType.MULTICLASS_CLASSIFICATION, 100, List.of(1), List.of("a", "b", "c"), 1, List.of());
    private static final TaskProfile BINARY = new TaskProfile(Modality.TABULAR, TaskType.BINARY_CLASSIFICATION, 100,
            List.of(1), List.of("no", "yes"), 1, List.of());
    private static final TaskProfile REGRESSION = new TaskProfile(Modality.TABULAR, TaskType.REGRESSION, 100,
            List.of(1), List.of(), 1, List.of());

    /** A candidate validated on one split, whose outputs there were {@code outputs}, by {@code metric}. */
    private static CandidateResult validated(String family, TaskProfile profile, Tensor outputs, Tensor targets,
                                             SelectionMetric metric) {
        Evaluation e = Evaluation.of(profile, outputs, targets);
        double score = e.value(metric);
        FoldOutcome fold = new FoldOutcome("r1 f1", score, e, new History(), 1,
                ValidationPredictions.of(profile, outputs, targets));
        return new CandidateResult(family, new Hyperparameters(Map.of()), List.of(fold), score, 0, 0);
    }

    /** One-hot logits {@code [n, classes]} of the predicted classes. */
    private static Tensor logits(long[] predicted, int classes) {
        float[] z = new float[predicted.length * classes];
        for (int i = 0; i < predicted.length; i++) z[i * classes + (int) predicted[i]] = 1;
        return Tensor.of(z, predicted.length, classes);
    }

    private static CandidateResult classifier(String family, long[] truth, long[] predicted, SelectionMetric metric) {
        return validated(family, THREE_CLASSES, logits(predicted, 3), Tensor.of(truth, truth.length), metric);
    }

    /** Classes 0, 1, 2 in turn. */
    private static long[] truth(int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = i % 3;
        return y;
    }

    /** {@code truth} with the rows {@code from} (inclusive) to {@code to} (exclusive) predicted wrong. */
    private static long[] wrongAt(long[] truth, int from, int to) {
        long[] p = truth.clone();
        for (int i = from; i < to; i++) p[i] = (truth[i] + 1) % 3;
        return p;
    }

    @Test
    void aClearlyBetterCandidateIsSignificantlyBetter() {
        long[] y = truth(200);
        CandidateResult good = classifier("good", y, wrongAt(y, 0, 10), SelectionMetric.F1_MACRO);
        CandidateResult poor = classifier("poor", y, wrongAt(y, 0, 80), SelectionMetric.F1_MACRO);
        PairedComparison c = PairedBootstrap.of(good, poor, SelectionMetric.F1_MACRO, 7);
        assertEquals(good.mean() - poor.mean(), c.meanDifference(), 1e-12, "the difference on all validation rows");
        assertEquals(2.0 / (PairedBootstrap.RESAMPLES + 1), c.pValue(), 1e-12, "no resample favours the poor one");
        assertTrue(c.significant(), c.verdict());
        assertEquals(200, c.examples());
        assertEquals(PairedBootstrap.TEST_NAME, c.test());
        assertTrue(Double.isNaN(c.t()), "the bootstrap has no t statistic");
        assertTrue(c.verdict().contains("on 200 validation examples") && c.verdict().contains("paired bootstrap")
                && c.verdict().contains("good is significantly better"), c.verdict());

        PairedComparison reversed = PairedBootstrap.of(poor, good, SelectionMetric.F1_MACRO, 7);
        assertTrue(reversed.meanDifference() < 0);
        assertFalse(reversed.significant(), "significant means the first candidate is better: " + reversed.verdict());
    }

    @Test
    void bothCandidatesAreScoredOnTheSameDrawSoSharedErrorsCancel() {
        // Both wrong on the same 60 of 200 rows, the leader right on 10 more: every draw that holds one of those 10
        // rows favours the leader, and (1 - 10/200)^200 of the draws hold none. Unpaired, the two accuracies (about
        // 0.70 and 0.65, each with a standard error of 0.03) would overlap.
        long[] y = truth(200);
        PairedComparison c = PairedBootstrap.of(classifier("a", y, wrongAt(y, 0, 60), SelectionMetric.ACCURACY),
                classifier("b", y, wrongAt(y, 0, 70), SelectionMetric.ACCURACY), SelectionMetric.ACCURACY, 8);
        assertEquals(0.05, c.meanDifference(), 1e-12);
        assertEquals(2.0 / (PairedBootstrap.RESAMPLES + 1), c.pValue(), 1e-12, c.verdict());
    }

    @Test
    void identicalPredictionsAreNotSeparated() {
        long[] y = truth(90);
        long[] p = wrongAt(y, 0, 20);
        PairedComparison c = PairedBootstrap.of(classifier("a", y, p, SelectionMetric.ACCURACY),
                classifier("b", y, p.clone(), SelectionMetric.ACCURACY), SelectionMetric.ACCURACY, 3);
        assertEquals(0, c.meanDifference());
        assertEquals(1, c.pValue());
        assertFalse(c.significant());
        assertTrue(c.verdict().contains("not significant"), c.verdict());
    }

    @Test
    void thePValueIsTwiceTheShareOfResamplesThatDoNotFavourTheLeader() {
        // The two differ on m of the n rows, each right where the other is wrong on those m rows only for the leader:
        // a resample's accuracy difference is > 0 exactly when it draws one of the m rows, so the share of resamples
        // that do not favour the leader is (1 - m/n)^n and p = 2 (1 - m/n)^n up to the Monte Carlo error
        // (sd of p: 2 sqrt(q (1 - q) / 2000), at most 0.022).
        long[] y = truth(20);
        PairedComparison oneRow = PairedBootstrap.of(classifier("a", y, wrongAt(y, 0, 5), SelectionMetric.ACCURACY),
                classifier("b", y, wrongAt(y, 0, 6), SelectionMetric.ACCURACY), SelectionMetric.ACCURACY, 1);
        assertEquals(2 * Math.pow(1 - 1.0 / 20, 20), oneRow.pValue(), 0.07);
        assertFalse(oneRow.significant(), "one row of 20 is within the noise: " + oneRow.verdict());

        long[] y40 = truth(40);
        PairedComparison fourRows = PairedBootstrap.of(classifier("a", y40, y40.clone(), SelectionMetric.ACCURACY),
                classifier("b", y40, wrongAt(y40, 10, 14), SelectionMetric.ACCURACY), SelectionMetric.ACCURACY, 1);
        assertEquals(2 * Math.pow(1 - 4.0 / 40, 40), fourRows.pValue(), 0.02);
        assertTrue(fourRows.significant(), fourRows.verdict());
    }

    @Test
    void lowerIsBetterMetricsFavourTheSmallerError() {
        Generator g = new Generator(5);
        int n = 60;
        float[] y = new float[n], close = new float[n], far = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) g.nextGaussian();
            close[i] = y[i] + (float) (0.1 * g.nextGaussian());
            far[i] = y[i] + (float) g.nextGaussian();
        }
        Tensor targets = Tensor.of(y, n, 1);
        for (SelectionMetric m : List.of(SelectionMetric.MSE, SelectionMetric.MAE, SelectionMetric.R2)) {
            CandidateResult good = validated("close", REGRESSION, Tensor.of(close, n, 1), targets, m);
            CandidateResult poor = validated("far", REGRESSION, Tensor.of(far, n, 1), targets, m);
            PairedComparison c = PairedBootstrap.of(good, poor, m, 2);
            assertTrue(c.meanDifference() > 0, m + ": positive favours the leader, " + c.verdict());
            assertEquals(m.higherIsBetter() ? good.mean() - poor.mean() : poor.mean() - good.mean(),
                    c.meanDifference(), 1e-12, m.key());
            assertTrue(c.significant(), m + ": " + c.verdict());
            assertFalse(PairedBootstrap.of(poor, good, m, 2).significant(), m.key());
        }
    }

    @Test
    void rocAucComparesTheRankingOfTheBinaryMargins() {
        Generator g = new Generator(9);
        int n = 80;
        long[] y = new long[n];
        float[] sharp = new float[2 * n], blunt = new float[2 * n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            sharp[2 * i + 1] = (float) (2 * y[i] + g.nextGaussian()); // the margin ranks positives high
            blunt[2 * i + 1] = (float) g.nextGaussian(); // no better than chance
        }
        Tensor targets = Tensor.of(y, n);
        CandidateResult a = validated("sharp", BINARY, Tensor.of(sharp, n, 2), targets, SelectionMetric.ROC_AUC);
        CandidateResult b = validated("blunt", BINARY, Tensor.of(blunt, n, 2), targets, SelectionMetric.ROC_AUC);
        PairedComparison c = PairedBootstrap.of(a, b, SelectionMetric.ROC_AUC, 4);
        assertEquals(a.mean() - b.mean(), c.meanDifference(), 1e-12);
        assertTrue(c.significant(), c.verdict());
    }

    @Test
    void theSameSeedGivesTheSamePValue() {
        long[] y = truth(60);
        CandidateResult a = classifier("a", y, wrongAt(y, 0, 10), SelectionMetric.F1_MACRO);
        CandidateResult b = classifier("b", y, wrongAt(y, 5, 20), SelectionMetric.F1_MACRO);
        PairedComparison first = PairedBootstrap.of(a, b, SelectionMetric.F1_MACRO, 11);
        assertEquals(first, PairedBootstrap.of(a, b, SelectionMetric.F1_MACRO, 11));
        assertTrue(first.pValue() > 0.002 && first.pValue() < 1, "between the extremes: " + first.pValue());
        assertNotEquals(first.pValue(), PairedBootstrap.of(a, b, SelectionMetric.F1_MACRO, 12).pValue(),
                "the resamples are drawn from the seed");
    }

    @Test
    void candidatesNotValidatedOnTheSameSingleSplitAreRejected() {
        long[] y = truth(30);
        CandidateResult a = classifier("a", y, y.clone(), SelectionMetric.ACCURACY);
        long[] y29 = truth(29);
        var rows = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.of(a,
                classifier("short", y29, y29.clone(), SelectionMetric.ACCURACY), SelectionMetric.ACCURACY, 1));
        assertTrue(rows.getMessage().contains("30") && rows.getMessage().contains("29 validation rows"),
                rows.getMessage());

        long[] shifted = truth(31);
        long[] other = java.util.Arrays.copyOfRange(shifted, 1, 31);
        var targets = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.of(a,
                classifier("other", other, other.clone(), SelectionMetric.ACCURACY), SelectionMetric.ACCURACY, 1));
        assertTrue(targets.getMessage().contains("different targets"), targets.getMessage());

        FoldOutcome f = a.folds().getFirst();
        CandidateResult twoFolds = new CandidateResult("kfold", a.config(), List.of(f, f), 1, 0, 0);
        var folds = assertThrows(IllegalArgumentException.class,
                () -> PairedBootstrap.of(twoFolds, a, SelectionMetric.ACCURACY, 1));
        assertTrue(folds.getMessage().contains("2 folds"), folds.getMessage());

        CandidateResult bare = new CandidateResult("bare", a.config(),
                List.of(new FoldOutcome("r1 f1", 1, null, new History(), 1)), 1, 0, 0);
        var none = assertThrows(IllegalArgumentException.class,
                () -> PairedBootstrap.of(a, bare, SelectionMetric.ACCURACY, 1));
        assertTrue(none.getMessage().contains("no validation predictions"), none.getMessage());
    }

    @Test
    void theResamplingChoosesTheTest() {
        long[] y = truth(30);
        CandidateResult a = classifier("a", y, y.clone(), SelectionMetric.ACCURACY);
        CandidateResult b = classifier("b", y, wrongAt(y, 0, 3), SelectionMetric.ACCURACY);
        assertEquals(PairedBootstrap.of(a, b, SelectionMetric.ACCURACY, 5),
                PairedComparison.of(a, b, SelectionMetric.ACCURACY, Resampling.holdout(0.25), 5));
        CandidateResult a2 = new CandidateResult("a", a.config(), List.of(a.folds().getFirst(), a.folds().getFirst()),
                1, 0, 0);
        CandidateResult b2 = new CandidateResult("b", b.config(), List.of(b.folds().getFirst(), a.folds().getFirst()),
                0.95, 0, 0);
        assertEquals(PairedComparison.of(a2, b2, SelectionMetric.ACCURACY, 0.25),
                PairedComparison.of(a2, b2, SelectionMetric.ACCURACY, Resampling.holdout(0.25).repeated(2), 5),
                "repeated holdout splits: the t-test over them");
        assertEquals(PairedComparison.TEST_NAME, PairedComparison.of(a2, b2, SelectionMetric.ACCURACY,
                Resampling.kFold(2), 5).test());
    }
}
