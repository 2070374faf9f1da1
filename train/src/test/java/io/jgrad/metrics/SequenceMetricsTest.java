package io.jgrad.metrics;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.nn.CrossEntropyLoss;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SequenceMetricsTest {
    private static final long PAD = 0;

    @Test
    void perplexityAndBitsFromNats() {
        assertEquals(4, SequenceMetrics.perplexity(Math.log(4)), 1e-12);
        assertEquals(1, SequenceMetrics.bitsPerToken(Math.log(2)), 1e-12);
        assertEquals(3, SequenceMetrics.bitsPerToken(Math.log(8)), 1e-12);
        assertEquals(0.5, SequenceMetrics.bitsPerCharacter(10 * Math.log(2), 20), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SequenceMetrics.bitsPerCharacter(1, 0));
    }

    @Test
    void uniformScoresHaveThePerplexityOfTheVocabularySize() {
        Tensor logits = Tensor.zeros(2, 3, 5);
        Tensor targets = Tensor.of(new long[] {1, 2, 3, 4, 1, 2}, 2, 3);
        assertEquals(Math.log(5), SequenceMetrics.meanCrossEntropy(logits, targets, PAD), 1e-6);
    }

    @Test
    void meanCrossEntropyMatchesTheLossWithIgnoredPadding() {
        Tensor logits = Tensor.randn(new Generator(3), 2, 4, 6);
        Tensor targets = Tensor.of(new long[] {1, 5, 2, 0, 3, 0, 0, 0}, 2, 4);
        double loss = new CrossEntropyLoss().ignoreIndex(PAD).compute(logits.permute(0, 2, 1), targets).item();
        assertEquals(loss, SequenceMetrics.meanCrossEntropy(logits, targets, PAD), 1e-5);
        assertEquals(loss, SequenceMetrics.meanCrossEntropy(logits.reshape(8, 6), targets.reshape(8), PAD), 1e-5);
        assertTrue(Double.isNaN(SequenceMetrics.meanCrossEntropy(logits, Tensor.zeros(DType.I64, 2, 4), PAD)));
    }

    /** Scores whose arg-max is {@code ids}. */
    private static Tensor scoresFor(long[] ids, int rows, int cols, int vocab) {
        return Tensor.of(ids, rows, cols).oneHot(vocab).to(DType.F32);
    }

    @Test
    void tokenAccuracyAndExactMatchIgnorePadding() {
        Tensor targets = Tensor.of(new long[] {1, 2, 3, 0, 4, 4, 0, 0, 2, 1, 1, 1}, 3, 4);
        long[] guess = {1, 2, 3, 7, 4, 1, 5, 5, 2, 1, 1, 1}; // row 0 right (padding differs), row 1 one wrong
        Tensor scores = scoresFor(guess, 3, 4, 8);
        assertEquals(8.0 / 9, SequenceMetrics.tokenAccuracy(scores, targets, PAD), 1e-12);
        assertEquals(2.0 / 3, SequenceMetrics.exactMatch(scores, targets, PAD), 1e-12);
        Tensor ids = Tensor.of(guess, 3, 4);
        assertEquals(8.0 / 9, SequenceMetrics.tokenAccuracy(ids, targets, PAD), 1e-12, "predicted ids work too");
        assertEquals(2.0 / 3, SequenceMetrics.exactMatch(ids, targets, PAD), 1e-12);
        assertEquals(0.5, SequenceMetrics.exactMatch(List.of(new int[] {1, 2}, new int[] {3}),
                List.of(new int[] {1, 2}, new int[] {3, 4})), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SequenceMetrics.exactMatch(List.of(new int[] {1}), List.of()));
    }

    @Test
    void mismatchedShapesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SequenceMetrics.meanCrossEntropy(Tensor.zeros(2, 3, 5), Tensor.zeros(DType.I64, 3, 2), PAD));
        assertTrue(e.getMessage().contains("[2, 3, 5]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SequenceMetrics.meanCrossEntropy(Tensor.zeros(2, 5), Tensor.zeros(2), PAD), "float targets");
        assertThrows(IllegalArgumentException.class,
                () -> SequenceMetrics.tokenAccuracy(Tensor.zeros(2, 5), Tensor.zeros(DType.I64, 3), PAD));
    }

    @Test
    void trainerMetricsAccumulateExactlyOverBatches() {
        Tensor logits = Tensor.randn(new Generator(5), 4, 3, 7);
        Tensor targets = Tensor.of(new long[] {1, 2, 0, 3, 4, 5, 6, 0, 0, 2, 2, 2}, 4, 3);
        Metric ppl = TokenMetrics.perplexity(PAD), bits = TokenMetrics.bitsPerToken(PAD);
        Metric acc = TokenMetrics.accuracy(PAD), exact = TokenMetrics.exactMatch(PAD);
        for (Metric m : List.of(ppl, bits, acc, exact)) {
            assertTrue(Double.isNaN(m.result()), m.name() + " before any batch");
            m.update(logits.slice(0, 0, 1), targets.slice(0, 0, 1)); // batches of 1 and 3 rows
            m.update(logits.slice(0, 1, 4), targets.slice(0, 1, 4));
        }
        double nats = SequenceMetrics.meanCrossEntropy(logits, targets, PAD);
        assertEquals(Math.exp(nats), ppl.result(), 1e-5);
        assertEquals(nats / Math.log(2), bits.result(), 1e-5);
        assertEquals(SequenceMetrics.tokenAccuracy(logits, targets, PAD), acc.result(), 1e-12);
        assertEquals(SequenceMetrics.exactMatch(logits, targets, PAD), exact.result(), 1e-12);
        assertFalse(ppl.higherIsBetter());
        assertFalse(bits.higherIsBetter());
        assertTrue(acc.higherIsBetter());
        assertEquals(List.of("perplexity", "bits_per_token", "token_accuracy", "exact_match"),
                List.of(ppl.name(), bits.name(), acc.name(), exact.name()));
        ppl.reset();
        assertTrue(Double.isNaN(ppl.result()));
    }
}
