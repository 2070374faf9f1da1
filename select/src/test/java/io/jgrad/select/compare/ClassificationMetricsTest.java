package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.metrics.ConfusionMatrix;
import io.jgrad.select.Modality;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void rocAucIsTheMannWhitneyStatisticWithTiesHalved() {
        // scikit-learn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
        assertEquals(0.75, ClassificationMetrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8},
                new boolean[] {false, false, true, true}), 1e-12);
        // pairs (positive, negative): 0.2-0.2 half, 0.2-0.5 no, 0.5-0.2 yes, 0.5-0.5 half, 0.9 beats both: 4/6
        assertEquals(4.0 / 6, ClassificationMetrics.rocAuc(new double[] {0.2, 0.2, 0.5, 0.5, 0.9},
                new boolean[] {false, true, false, true, true}), 1e-12);
        assertTrue(Double.isNaN(ClassificationMetrics.rocAuc(new double[] {1, 2}, new boolean[] {true, true})));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.rocAuc(new double[] {1}, new boolean[] {true, false}));
    }

    @Test
    void balancedAccuracyAveragesTheRecallOfClassesPresent() {
        // class 0: 3 of 4 right, class 1: 1 of 2 right, class 2 absent from the truth
        ConfusionMatrix cm = ConfusionMatrix.of(new long[] {0, 0, 0, 0, 1, 1}, new long[] {0, 0, 0, 2, 1, 0}, 3);
        assertEquals((0.75 + 0.5) / 2, ClassificationMetrics.balancedAccuracy(cm), 1e-12);
    }

    @Test
    void evaluationHasEveryFigureOfItsTask() {
        TaskProfile binary = new TaskProfile(Modality.TABULAR, TaskType.BINARY_CLASSIFICATION, 4, List.of(2),
                List.of("no", "yes"), 1, List.of());
        Tensor logits = Tensor.of(new float[] {2, 0, 0, 1, 1, 0, 0, 3}, 4, 2);
        Evaluation e = Evaluation.of(binary, logits, Tensor.of(new long[] {0, 1, 1, 1}, 4));
        assertEquals(0.75, e.value(SelectionMetric.ACCURACY));
        assertEquals(1.0, e.value(SelectionMetric.ROC_AUC)); // margins -2, 1, -1, 3: every positive above the negative
        assertEquals(2, e.perClass().size());
        assertEquals(3, e.perClass().get(1).support());
        assertEquals(1, e.confusion().count(1, 0));

        TaskProfile regression = new TaskProfile(Modality.TABULAR, TaskType.REGRESSION, 2, List.of(1), List.of(), 1,
                List.of());
        Evaluation r = Evaluation.of(regression, Tensor.of(new float[] {1, 3}, 2, 1),
                Tensor.of(new float[] {1, 1}, 2, 1));
        assertEquals(2.0, r.value(SelectionMetric.MSE));
        assertEquals(1.0, r.value(SelectionMetric.MAE));
        var missing = assertThrows(IllegalArgumentException.class, () -> r.value(SelectionMetric.ACCURACY));
        assertTrue(missing.getMessage().contains("accuracy"), missing.getMessage());
        assertEquals(null, r.confusion());
    }
}
