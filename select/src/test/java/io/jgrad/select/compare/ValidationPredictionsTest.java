package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.select.Modality;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A fold's kept predictions give the metrics {@link Evaluation} gives on the model's full outputs. */
class ValidationPredictionsTest {
    private static final int N = 40;
    private static final int[] DRAW = {3, 3, 0, 17, 39, 5, 5, 5, 22, 1, 30, 12, 12, 8};

    private static float[] gaussian(int count, long seed) {
        Generator g = new Generator(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float) g.nextGaussian();
        return v;
    }

    private static long[] labels(int classes) {
        long[] y = new long[N];
        for (int i = 0; i < N; i++) y[i] = (i * 7) % classes;
        return y;
    }

    /** Every metric of the task on all rows and on {@link #DRAW} equals Evaluation's on the full outputs. */
    private static void assertSameFigures(TaskProfile profile, Tensor outputs, Tensor targets) {
        ValidationPredictions kept = ValidationPredictions.of(profile, outputs, targets);
        Tensor draw = CrossValidation.rows(DRAW);
        Evaluation all = Evaluation.of(profile, outputs, targets);
        Evaluation drawn = Evaluation.of(profile, outputs.indexSelect(0, draw), targets.indexSelect(0, draw));
        for (SelectionMetric m : SelectionMetric.values()) {
            if (!m.suits(profile.task())) {
                assertThrows(IllegalArgumentException.class, () -> kept.score(m), m.key());
                continue;
            }
            assertEquals(all.value(m), kept.score(m), m.key());
            assertEquals(all.value(m), Evaluation.score(profile, m, outputs, targets), m.key());
            assertEquals(drawn.value(m), kept.score(m, DRAW), m.key() + " on a draw with repeats");
        }
        assertEquals(N, kept.size());
    }

    @Test
    void multiClassKeepsThePredictedClassAndGivesTheSameFigures() {
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.MULTICLASS_CLASSIFICATION, N, List.of(1),
                List.of("a", "b", "c", "d"), 1, List.of());
        Tensor logits = Tensor.of(gaussian(N * 4, 1), N, 4), targets = Tensor.of(labels(4), N);
        assertSameFigures(profile, logits, targets);
        ValidationPredictions kept = ValidationPredictions.of(profile, logits, targets);
        assertEquals(DType.I64, kept.outputs().dtype());
        assertArrayEquals(new int[] {N}, kept.outputs().dims(), "one class index a row, not the logits");
    }

    @Test
    void binaryKeepsTheLogitsForRocAuc() {
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.BINARY_CLASSIFICATION, N, List.of(1),
                List.of("no", "yes"), 1, List.of());
        assertSameFigures(profile, Tensor.of(gaussian(N * 2, 2), N, 2), Tensor.of(labels(2), N));
    }

    @Test
    void regressionKeepsTheValues() {
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.REGRESSION, N, List.of(1), List.of(), 1,
                List.of());
        assertSameFigures(profile, Tensor.of(gaussian(N, 3), N, 1), Tensor.of(gaussian(N, 4), N, 1));
    }

    @Test
    void outputsAndTargetsMustCoverTheSameRows() {
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.REGRESSION, N, List.of(1), List.of(), 1,
                List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> ValidationPredictions.of(profile,
                Tensor.of(gaussian(N, 3), N, 1), Tensor.of(gaussian(N - 1, 4), N - 1, 1)));
        assertTrue(e.getMessage().contains("40 output rows but 39 targets"), e.getMessage());
    }
}
