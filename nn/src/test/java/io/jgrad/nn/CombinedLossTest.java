package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Losses over several outputs, and the reduction option every loss shares. */
class CombinedLossTest {
    private final Generator g = new Generator(2);
    private final Tensor logits = Tensor.randn(g, 4, 3), labels = Tensor.of(new long[] {0, 2, 1, 2}, 4);
    private final Tensor values = Tensor.randn(g, 4, 1), targets = Tensor.randn(g, 4, 1);

    @Test
    void theWeightedSumOfOneLossPerOutput() {
        CombinedLoss loss = CombinedLoss.of(new CrossEntropyLoss(), new MSELoss()).weights(1, 0.5);
        double expected = Losses.crossEntropy(logits, labels).item() + 0.5 * Losses.mse(values, targets).item();
        assertEquals(expected, loss.compute(List.of(logits, values), List.of(labels, targets)).item(), 1e-6);
        assertEquals(Losses.mse(values, targets).item(), CombinedLoss.of(new MSELoss()).compute(values, targets).item());
    }

    @Test
    void countsThatDoNotMatchAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CombinedLoss.of(new CrossEntropyLoss(), new MSELoss()).compute(logits, labels));
        assertEquals("CombinedLoss: 2 losses for 1 predictions and 1 targets", e.getMessage());
        var weights = assertThrows(IllegalArgumentException.class, () -> CombinedLoss.of(new MSELoss()).weights(1, 2));
        assertEquals("CombinedLoss: 2 weights for 1 losses", weights.getMessage());
        var single = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().compute(List.of(values, values), List.of(targets, targets)));
        assertEquals("MSELoss: takes one prediction and one target, got 2 and 2; combine one loss per output with CombinedLoss",
                single.getMessage());
        assertEquals(Losses.mse(values, targets).item(), new MSELoss().compute(List.of(values), List.of(targets)).item());
    }

    @Test
    void everyLossSharesTheReductionOption() {
        MSELoss mse = new MSELoss();
        assertSame(mse, mse.reduction(Reduction.SUM));
        assertEquals(Reduction.SUM, mse.reduction());
        assertTrue(mse.compute(values, targets).allClose(values.sub(targets).square().sum(), 1e-6, 1e-6));
        assertEquals(Reduction.MEAN, new CrossEntropyLoss().reduction());
        var e = assertThrows(IllegalArgumentException.class, () -> new HuberLoss().reduction(null));
        assertEquals("HuberLoss: reduction must not be null", e.getMessage());
        var shapes = assertThrows(IllegalArgumentException.class, () -> new L1Loss().compute(values, logits));
        assertEquals("L1Loss: prediction shape [4, 1] and target shape [4, 3] differ", shapes.getMessage());
    }
}
