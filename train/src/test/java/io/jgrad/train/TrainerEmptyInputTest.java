package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** fit and evaluate refuse what would train or measure nothing, instead of returning NaN or an empty history. */
class TrainerEmptyInputTest {
    private final TensorDataset train = Fixtures.blobs(30, 1);
    private final TensorDataset empty = new TensorDataset(Tensor.of(new float[0], 0, 4), Tensor.of(new long[0], 0));

    @Test
    void fitNeedsAtLeastOneEpoch() {
        Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).build();
        for (int epochs : new int[] {0, -3}) {
            var e = assertThrows(IllegalArgumentException.class, () -> t.fit(Fixtures.loader(train, 10), null, epochs));
            assertEquals("fit: epochs must be >= 1, got " + epochs, e.getMessage());
        }
        assertEquals(0, t.epochsDone());
    }

    @Test
    void fitAndEvaluateNeedExamples() {
        Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).build();
        var fit = assertThrows(IllegalArgumentException.class, () -> t.fit(Fixtures.loader(empty, 10), null, 1));
        assertEquals("fit: the training loader has no examples (data set of 0, batch size 10)", fit.getMessage());
        var val = assertThrows(IllegalArgumentException.class,
                () -> t.fit(Fixtures.loader(train, 10), Fixtures.loader(empty, 10), 1));
        assertEquals("fit: the validation loader has no examples (data set of 0, batch size 10)", val.getMessage());
        var eval = assertThrows(IllegalArgumentException.class, () -> t.evaluate(Fixtures.loader(empty, 10)));
        assertEquals("evaluate: the loader has no examples (data set of 0, batch size 10)", eval.getMessage());
        // dropLast with fewer examples than a batch leaves no batch either.
        var dropped = assertThrows(IllegalArgumentException.class,
                () -> t.fit(DataLoader.builder(train).batchSize(64).dropLast(true).build(), null, 1));
        assertEquals("fit: the training loader has no examples (data set of 30, batch size 64)", dropped.getMessage());
        assertEquals(0, t.epochsDone(), "nothing was trained");
    }
}
