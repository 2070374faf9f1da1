package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SelectionMetricTest {

    @Test
    void parsesTheCommandLineNames() {
        assertEquals("accuracy, balanced_accuracy, f1_macro, f1_weighted, roc_auc, r2, mse, mae",
                SelectionMetric.validNames());
        for (SelectionMetric m : SelectionMetric.values()) assertEquals(m, SelectionMetric.parse(m.key()));
        assertEquals(SelectionMetric.F1_MACRO, SelectionMetric.parse(" F1_Macro "));
        var e = assertThrows(IllegalArgumentException.class, () -> SelectionMetric.parse("auc"));
        assertEquals("unknown metric 'auc': use one of " + SelectionMetric.validNames(), e.getMessage());
    }

    @Test
    void knowsWhichTasksAndDirectionsApply() {
        assertFalse(SelectionMetric.MSE.higherIsBetter());
        assertTrue(SelectionMetric.MSE.better(0.1, 0.2));
        assertTrue(SelectionMetric.R2.better(0.9, 0.2));
        assertTrue(SelectionMetric.ROC_AUC.suits(TaskType.BINARY_CLASSIFICATION));
        var e = assertThrows(IllegalArgumentException.class,
                () -> SelectionMetric.ROC_AUC.requireSuits(TaskType.MULTICLASS_CLASSIFICATION));
        assertEquals("the metric roc_auc does not suit multi-class classification: use one of accuracy,"
                + " balanced_accuracy, f1_macro, f1_weighted", e.getMessage());
        assertEquals(SelectionMetric.R2, SelectionMetric.defaultFor(TaskType.REGRESSION));
    }
}
