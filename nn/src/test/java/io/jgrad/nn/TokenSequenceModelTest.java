package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.testing.GradCheck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Padding changes nothing, whatever the encoder; the parts are checked; the model saves and rebuilds. */
class TokenSequenceModelTest {
    private static final int IDS = 12, DIM = 8;

    /** One model per kind of encoder, with its pooling. */
    private static Map<String, TokenSequenceModel> models() {
        Generator.global().manualSeed(3);
        Map<String, TokenSequenceModel> m = new LinkedHashMap<>();
        m.put("gru", new TokenSequenceModel(embedding(), null,
                new GRU(DIM, 6).bidirectional(true).batchFirst(true).returnSequences(false),
                TokenSequenceModel.Pooling.LAST, new Dense(12, 3)));
        m.put("lstm", new TokenSequenceModel(embedding(), null,
                new LSTM(DIM, 5).numLayers(2).batchFirst(true).returnSequences(false),
                TokenSequenceModel.Pooling.LAST, new Dense(5, 3)));
        m.put("lstm-max", new TokenSequenceModel(embedding(), null, new LSTM(DIM, 5).batchFirst(true),
                TokenSequenceModel.Pooling.MAX, new Dense(5, 3)));
        m.put("conv", new TokenSequenceModel(embedding(), null,
                new Sequential(new Conv1d(DIM, 6, 3).padding(1), new ReLU(), new Conv1d(6, 6, 5).padding(2),
                        new ReLU()), TokenSequenceModel.Pooling.MAX, new Dense(6, 3)));
        TransformerSettings t = TransformerSettings.of(DIM, 2).dimFeedforward(16).dropout(0).batchFirst(true);
        m.put("transformer", new TokenSequenceModel(embedding(), new SinusoidalPositionalEncoding(DIM, 16, true),
                new TransformerEncoder(t, 2, false), TokenSequenceModel.Pooling.MEAN, new Dense(DIM, 3)));
        m.put("transformer-learned", new TokenSequenceModel(embedding(), new LearnedPositionalEncoding(16, DIM, true),
                new TransformerEncoder(t, 1, true), TokenSequenceModel.Pooling.MAX, new Dense(DIM, 3)));
        return m;
    }

    private static Embedding embedding() { return new Embedding(IDS, DIM, 0, null); }

    /** Three sequences of lengths 5, 2 and 0 (all padding), padded to {@code steps}. */
    private static Tensor ids(int steps) {
        long[][] rows = {{3, 7, 1, 11, 4}, {9, 2}, {}};
        long[] flat = new long[3 * steps];
        for (int r = 0; r < 3; r++) System.arraycopy(rows[r], 0, flat, r * steps, rows[r].length);
        return Tensor.of(flat, 3, steps);
    }

    @Test
    void paddingChangesNothing() {
        for (var e : models().entrySet()) {
            Module model = e.getValue().eval();
            float[] tight = model.call(ids(5)).toFloatArray();
            float[] padded = model.call(ids(9)).toFloatArray();
            assertArrayEquals(tight, padded, 1e-5f, e.getKey() + ": more padding");
            for (int row = 0; row < 3; row++) {
                Tensor alone = ids(9).narrow(0, row, 1);
                float[] one = model.call(alone).toFloatArray();
                for (int j = 0; j < 3; j++) {
                    assertEquals(padded[row * 3 + j], one[j], 1e-5f, e.getKey() + ": row " + row + " alone");
                }
            }
        }
    }

    @Test
    void theTokensMatter() {
        for (var e : models().entrySet()) {
            Module model = e.getValue().eval();
            Tensor a = Tensor.of(new long[] {3, 7, 1, 11}, 1, 4), b = Tensor.of(new long[] {3, 7, 1, 10}, 1, 4);
            assertTrue(!java.util.Arrays.equals(model.call(a).toFloatArray(), model.call(b).toFloatArray()),
                    e.getKey());
        }
    }

    @Test
    void paddedPositionsGetNoGradient() {
        for (var e : models().entrySet()) {
            TokenSequenceModel model = e.getValue();
            model.train();
            model.zeroGrad();
            model.call(ids(7)).sum().backward();
            Tensor grad = model.embedding().weight().grad();
            assertEquals(0, grad.narrow(0, 0, 1).abs().sum().item(), 0, e.getKey() + ": the padding row");
            assertTrue(grad.narrow(0, 11, 1).abs().sum().item() > 0, e.getKey() + ": a real token's row");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Generator.global().manualSeed(4);
        TransformerSettings t = TransformerSettings.of(4, 2).dimFeedforward(6).dropout(0).batchFirst(true);
        List<TokenSequenceModel> small = List.of(
                new TokenSequenceModel(new Embedding(IDS, 4, 0, null), null,
                        new GRU(4, 3).bidirectional(true).batchFirst(true).returnSequences(false),
                        TokenSequenceModel.Pooling.LAST, new Dense(6, 2)),
                new TokenSequenceModel(new Embedding(IDS, 4, 0, null), null, new LSTM(4, 3).batchFirst(true),
                        TokenSequenceModel.Pooling.MEAN, new Dense(3, 2)),
                new TokenSequenceModel(new Embedding(IDS, 4, 0, null), null,
                        new Sequential(new Conv1d(4, 3, 3).padding(1), new Tanh()), TokenSequenceModel.Pooling.MAX,
                        new Dense(3, 2)),
                new TokenSequenceModel(new Embedding(IDS, 4, 0, null), new SinusoidalPositionalEncoding(4, 8, true),
                        new TransformerEncoder(t, 1, false), TokenSequenceModel.Pooling.MEAN, new Dense(4, 2)));
        // Not the all-padding row: it reads the padding row, which by design gets no gradient.
        Tensor ids = ids(6).narrow(0, 0, 2);
        for (TokenSequenceModel model : small) {
            model.to(DType.F64);
            GradCheck.checkCaptured(() -> model.call(ids).square().sum(), model.parameters().toArray(Tensor[]::new));
        }
    }

    @Test
    @SuppressWarnings("try") // the scope is a training step's; it is not read
    void aStepsScopeReleasesNothingTheModelKeeps() {
        for (var e : models().entrySet()) {
            Module model = e.getValue().eval();
            float[] before;
            try (Scope step = Scope.open()) {
                before = model.call(ids(5)).toFloatArray(); // the sinusoidal table is made here, and cached
            }
            assertArrayEquals(before, model.call(ids(5)).toFloatArray(), 0f, e.getKey());
        }
    }

    @Test
    void savesAndRebuildsBitForBit() {
        for (var e : models().entrySet()) {
            TokenSequenceModel original = e.getValue();
            original.eval();
            String json = Architecture.toJson(original);
            Module rebuilt = Architecture.fromJson(json, "text.safetensors");
            assertEquals(json, Architecture.toJson(rebuilt), e.getKey());
            rebuilt.loadStateDict(original.stateDict(), true);
            rebuilt.eval();
            assertArrayEquals(original.call(ids(6)).toFloatArray(), rebuilt.call(ids(6)).toFloatArray(), 0f,
                    e.getKey());
        }
    }

    @Test
    void partsThatDoNotFitAreNamed() {
        var noPadding = assertThrows(IllegalArgumentException.class, () -> new TokenSequenceModel(new Embedding(4, 2),
                null, new GRU(2, 3).batchFirst(true).returnSequences(false), TokenSequenceModel.Pooling.LAST,
                new Dense(3, 1)));
        assertTrue(noPadding.getMessage().contains("padding index"), noPadding.getMessage());
        var timeFirst = assertThrows(IllegalArgumentException.class, () -> new TokenSequenceModel(embedding(), null,
                new GRU(DIM, 3).returnSequences(false), TokenSequenceModel.Pooling.LAST, new Dense(3, 1)));
        assertTrue(timeFirst.getMessage().contains("batch-first recurrent layer"), timeFirst.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenSequenceModel(embedding(), null,
                new GRU(DIM, 3).batchFirst(true), TokenSequenceModel.Pooling.LAST, new Dense(3, 1)));
        assertThrows(IllegalArgumentException.class, () -> new TokenSequenceModel(embedding(), null,
                new Sequential(new ReLU()), TokenSequenceModel.Pooling.LAST, new Dense(3, 1)));
        var positions = assertThrows(IllegalArgumentException.class, () -> new TokenSequenceModel(embedding(),
                new SinusoidalPositionalEncoding(DIM, 8), new Sequential(new ReLU()), TokenSequenceModel.Pooling.MAX,
                new Dense(DIM, 1)));
        assertTrue(positions.getMessage().contains("batch-first"), positions.getMessage());
        var floats = assertThrows(IllegalArgumentException.class, () -> models().get("conv").call(Tensor.zeros(2, 3)));
        assertTrue(floats.getMessage().contains("token ids [batch, length]"), floats.getMessage());
        var pooling = assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
                Architecture.toJson(models().get("conv")).replace("\"max\"", "\"median\""), "m.safetensors"));
        assertTrue(pooling.getMessage().contains("\"pooling\" must be"), pooling.getMessage());
    }
}
