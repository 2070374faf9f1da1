package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.SelectionMetric;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.train.History;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static CandidateResult result(String name, double... scores) {
        List<FoldOutcome> folds = new ArrayList<>();
        for (double s : scores) folds.add(new FoldOutcome("f", s, null, new History(), 1));
        return new CandidateResult(name, new Hyperparameters(Map.of()), folds, Stats.mean(scores), Stats.std(scores),
                0);
    }

    @Test
    void correctedResampledTTestByHand() {
        // differences 0.01, 0.02, 0.03 over 3 folds of 3-fold CV: n_val/n_train = 1/2, variance 1e-4,
        // t = 0.02 / sqrt((1/3 + 1/2) * 1e-4) = 2.19089; scipy: 2 * t.sf(2.19089023, 2) = 0.15983194958552485
        PairedComparison c = PairedComparison.of(result("a", 0.91, 0.92, 0.93), result("b", 0.90, 0.90, 0.90),
                SelectionMetric.ACCURACY, 1.0 / 3);
        assertEquals(0.02, c.meanDifference(), 1e-12);
        assertEquals(2.19089023, c.t(), 1e-7);
        assertEquals(2, c.degreesOfFreedom());
        assertEquals(0.15983194958552485, c.pValue(), 1e-8);
        assertFalse(c.significant());
        assertTrue(c.verdict().contains("not significant"), c.verdict());
    }

    @Test
    void lowerIsBetterMetricsFavourTheSmallerError() {
        PairedComparison c = PairedComparison.of(result("a", 1.0, 1.1, 0.9, 1.0, 1.05),
                result("b", 2.0, 2.2, 1.9, 2.1, 2.0), SelectionMetric.MSE, 0.2);
        assertTrue(c.meanDifference() > 0);
        assertTrue(c.significant(), c.verdict());
    }

    @Test
    void oneFoldGivesNoTestAndUnequalFoldsAreRejected() {
        PairedComparison c = PairedComparison.of(result("a", 0.9), result("b", 0.8), SelectionMetric.ACCURACY, 0.2);
        assertTrue(Double.isNaN(c.pValue()));
        assertTrue(c.verdict().contains("no test is possible"), c.verdict());
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(result("a", 0.9, 0.8),
                result("b", 0.8), SelectionMetric.ACCURACY, 0.5));
        PairedComparison same = PairedComparison.of(result("a", 0.9, 0.8), result("b", 0.9, 0.8),
                SelectionMetric.ACCURACY, 0.5);
        assertEquals(1.0, same.pValue());
    }
}
