package io.jgrad.metrics;

import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MetricsTest {
    // truth:     0 0 1 1 1 2
    // predicted: 0 1 1 1 2 2
    private static final Tensor TRUTH = Tensor.of(new long[] {0, 0, 1, 1, 1, 2}, 6);
    private static final Tensor PRED = Tensor.of(new long[] {0, 1, 1, 1, 2, 2}, 6);

    @Test
    void accuracyFromScoresAndFromIndices() {
        Tensor scores = Tensor.of(new float[][] {{2, 1}, {0, 3}, {5, 4}});
        assertEquals(2 / 3.0, Metrics.accuracy(scores, Tensor.of(new long[] {0, 1, 1}, 3)), 1e-12);
        assertEquals(4 / 6.0, Metrics.accuracy(PRED, TRUTH), 1e-12);
    }

    @Test
    void topKAccuracyCountsTheTrueClassAmongTheKBest() {
        Tensor scores = Tensor.of(new float[][] {{0.1f, 0.5f, 0.4f}, {0.7f, 0.2f, 0.1f}, {0.3f, 0.3f, 0.4f}});
        Tensor y = Tensor.of(new long[] {2, 2, 1}, 3);
        assertEquals(0, Metrics.topKAccuracy(scores, y, 1), 1e-12);
        // Row 0: class 2 is second; row 1: class 2 is third; row 2: class 1 ties class 0 and ranks third.
        assertEquals(1 / 3.0, Metrics.topKAccuracy(scores, y, 2), 1e-12);
        assertEquals(1, Metrics.topKAccuracy(scores, y, 3), 1e-12);
    }

    @Test
    void confusionMatrixAndPerClassScores() {
        ConfusionMatrix m = Metrics.confusionMatrix(PRED, TRUTH, 3);
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 2, 1}, {0, 0, 1}}, m.counts());
        // class 0: P 1/1, R 1/2; class 1: P 2/3, R 2/3; class 2: P 1/2, R 1/1.
        assertEquals(1.0, m.precision(0), 1e-12);
        assertEquals(0.5, m.recall(0), 1e-12);
        assertEquals(2 / 3.0, m.f1(0), 1e-12);
        assertEquals(2 / 3.0, m.f1(1), 1e-12);
        assertEquals(2 / 3.0, m.f1(2), 1e-12);
    }

    @Test
    void macroMicroWeightedAverages() {
        double p0 = 1, p1 = 2 / 3.0, p2 = 0.5, r0 = 0.5, r1 = 2 / 3.0, r2 = 1;
        assertEquals((p0 + p1 + p2) / 3, Metrics.precision(PRED, TRUTH, 3, Average.MACRO), 1e-12);
        assertEquals((r0 + r1 + r2) / 3, Metrics.recall(PRED, TRUTH, 3, Average.MACRO), 1e-12);
        // Support 2, 3, 1.
        assertEquals((2 * p0 + 3 * p1 + p2) / 6, Metrics.precision(PRED, TRUTH, 3, Average.WEIGHTED), 1e-12);
        assertEquals((2 * r0 + 3 * r1 + r2) / 6, Metrics.recall(PRED, TRUTH, 3, Average.WEIGHTED), 1e-12);
        // Micro-averaged scores of single-label classification all equal the accuracy.
        assertEquals(4 / 6.0, Metrics.precision(PRED, TRUTH, 3, Average.MICRO), 1e-12);
        assertEquals(4 / 6.0, Metrics.f1(PRED, TRUTH, 3, Average.MICRO), 1e-12);
        assertEquals(2 / 3.0, Metrics.f1(PRED, TRUTH, 3, Average.MACRO), 1e-12);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZero() {
        ConfusionMatrix m = ConfusionMatrix.of(new long[] {0, 1}, new long[] {0, 0}, 2);
        assertEquals(0, m.precision(1));
        assertEquals(0, m.f1(1));
    }

    @Test
    void regressionMetrics() {
        Tensor y = Tensor.of(new float[] {1, 2, 3, 4}, 4);
        Tensor p = Tensor.of(new float[] {1, 3, 2, 4}, 4);
        assertEquals(0.5, Metrics.mse(p, y), 1e-12);
        assertEquals(0.5, Metrics.mae(p, y), 1e-12);
        // SS_res 2, SS_tot 5.
        assertEquals(1 - 2 / 5.0, Metrics.r2(p, y), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.mse(p, Tensor.zeros(3)));
    }

    @Test
    void streamingMetricsEqualWholeDataMetrics() {
        Metric acc = Metric.accuracy(), f1 = Metric.f1(3, Average.MACRO), mse = Metric.mse(), r2 = Metric.r2();
        acc.update(PRED.slice(0, 0, 4), TRUTH.slice(0, 0, 4));
        acc.update(PRED.slice(0, 4, 6), TRUTH.slice(0, 4, 6));
        f1.update(PRED.slice(0, 0, 1), TRUTH.slice(0, 0, 1));
        f1.update(PRED.slice(0, 1, 6), TRUTH.slice(0, 1, 6));
        assertEquals(4 / 6.0, acc.result(), 1e-12);
        assertEquals(2 / 3.0, f1.result(), 1e-12);
        Tensor y = Tensor.of(new float[] {1, 2, 3, 4}, 4), p = Tensor.of(new float[] {1, 3, 2, 4}, 4);
        mse.update(p.slice(0, 0, 3), y.slice(0, 0, 3));
        mse.update(p.slice(0, 3, 4), y.slice(0, 3, 4));
        r2.update(p.slice(0, 0, 1), y.slice(0, 0, 1));
        r2.update(p.slice(0, 1, 4), y.slice(0, 1, 4));
        assertEquals(0.5, mse.result(), 1e-12);
        assertEquals(0.6, r2.result(), 1e-12);
        acc.reset();
        assertTrue(Double.isNaN(acc.result()));
    }

    @Test
    void theAccuracyMetricTakesScoresOrIndicesAndNamesMismatchedSizes() {
        Metric acc = Metric.accuracy();
        acc.update(PRED, TRUTH);
        acc.update(Tensor.of(new float[] {2, 0}, 2), Tensor.of(new int[] {2, 1}, 2)); // class indices, I32 targets
        assertEquals(5 / 8.0, acc.result(), 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> acc.update(PRED, Tensor.of(new long[] {0, 1}, 2)));
        assertEquals("6 predictions but 2 targets", e.getMessage());
    }

    @Test
    void accuracyNamesALabelOutsideTheScoresClasses() {
        Tensor scores = Tensor.of(new float[][] {{2, 1}, {0, 3}, {5, 4}});
        Tensor labels = Tensor.of(new long[] {0, 12, 1}, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(scores, labels));
        assertEquals("accuracy: label 12 is out of range for 2 classes (class scores have 2 columns; labels must be 0..1)",
                e.getMessage());
        Metric acc = Metric.accuracy();
        acc.update(scores, Tensor.of(new long[] {0, 1, 1}, 3));
        acc.update(scores, labels); // checked where the labels are; reported when the result is read
        var m = assertThrows(IllegalArgumentException.class, acc::result);
        assertEquals(e.getMessage(), m.getMessage());
        acc.reset();
        acc.update(scores, Tensor.of(new long[] {0, -1, 1}, 3));
        assertTrue(assertThrows(IllegalArgumentException.class, acc::result).getMessage().contains("label -1"));
        acc.reset();
        acc.update(scores, Tensor.of(new long[] {0, 1, 1}, 3));
        assertEquals(2 / 3.0, acc.result(), 1e-15);
    }
}
