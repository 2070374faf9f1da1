package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs a loss cannot mean: the error names the loss, what was wrong and what to do. */
class LossInputChecksTest {
    @Test
    void bceRefusesInputsAndTargetsOutsideZeroToOne() {
        Tensor target = Tensor.of(new float[] {0, 1, 1}, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().compute(Tensor.of(new float[] {0.2f, 1.5f, 0.7f}, 3), target));
        assertEquals("BCELoss: every input must be in [0, 1], found 1.5 (BCELoss takes probabilities; for logits use"
                + " BCEWithLogitsLoss)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().compute(Tensor.of(new float[] {0.2f, -3f, 0.7f}, 3), target));
        assertTrue(e.getMessage().contains("found -3.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().compute(Tensor.of(new float[] {0.2f, Float.NaN, 0.7f}, 3), target));
        assertTrue(e.getMessage().contains("found NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().compute(Tensor.of(new float[] {0.2f, 0.5f, 0.7f}, 3), Tensor.of(new float[] {0, 2, 1}, 3)));
        assertEquals("BCELoss: every target must be in [0, 1], found 2.0", e.getMessage());
        // The ends of the range are fine (the logs are clamped at -100), and soft targets too.
        double loss = new BCELoss().compute(Tensor.of(new float[] {0, 1, 0.5f}, 3), Tensor.of(new float[] {0, 1, 0.25f}, 3)).item();
        assertEquals(-(0.25 * Math.log(0.5) + 0.75 * Math.log(0.5)) / 3, loss, 1e-6);
    }

    @Test
    void crossEntropyNamesFloatLabels() {
        Tensor logits = Tensor.zeros(4, 10);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().compute(logits, Tensor.of(new float[] {1, 0, 3, 9}, 4)));
        assertEquals("CrossEntropyLoss: labels must be I64 or I32 class indices, got F32 labels of shape [4] (convert them"
                + " with .to(DType.I64), or pass class probabilities of the input's shape [4, 10])", e.getMessage());
        // Integer labels and probability targets still work.
        assertEquals(Math.log(10), new CrossEntropyLoss().compute(logits, Tensor.of(new long[] {1, 0, 3, 9}, 4)).item(), 1e-6);
        assertEquals(Math.log(10), new CrossEntropyLoss().compute(logits, Tensor.full(0.1, 4, 10)).item(), 1e-6);
        assertEquals(Math.log(10), new CrossEntropyLoss().compute(logits, Tensor.of(new int[] {1, 0, 3, 9}, 4).to(DType.I32)).item(), 1e-6);
    }
}
