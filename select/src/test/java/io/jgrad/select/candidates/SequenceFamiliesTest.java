package io.jgrad.select.candidates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.select.Budget;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;
import io.jgrad.select.TestData;
import io.jgrad.select.compare.CandidateTraining;
import io.jgrad.select.compare.CrossValidation;
import io.jgrad.select.compare.Evaluation;
import io.jgrad.select.compare.TrainingSettings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The text families on token sequences: GRU, LSTM, 1-D CNN and Transformer. */
class SequenceFamiliesTest {
    private static final List<CandidateFamily> SEQUENCE_FAMILIES = List.of(RecurrentTextFamily.gru(),
            RecurrentTextFamily.lstm(), new ConvTextFamily(), new TransformerTextFamily());
    private static final List<String> NAMES = List.of("gru", "lstm", "cnn1d", "transformer");

    @Test
    void theTextFamiliesAreTheSequenceFamiliesAfterTheNgramBaselines() {
        List<String> names = Families.forModality(Modality.TEXT).stream().map(CandidateFamily::name).toList();
        assertEquals(List.of("ngram-linear", "fasttext", "gru", "lstm", "cnn1d", "transformer"), names);
        for (CandidateFamily f : SEQUENCE_FAMILIES) {
            assertTrue(f.unavailableReason().isEmpty(), f.name());
            f.space().check(f.space().defaults());
            assertEquals(new FeatureEncoding.TokenSequence(128, 20_000), f.encoding(f.space().defaults()), f.name());
        }
    }

    @Test
    void eachFamilyLearnsATaskWhereWordOrderMatters() {
        PreparedData data = TestData.wordOrder(480, 1);
        int[] train = range(0, 320), test = range(320, 480);
        for (CandidateFamily f : SEQUENCE_FAMILIES) {
            Hyperparameters config = f.space().defaults().with("lr", 0.01);
            double accuracy = accuracy(f, config, data, train, test, 4);
            assertTrue(accuracy > 0.75, f.name() + ": test accuracy " + accuracy + " after 4 epochs (chance: 0.5)");
        }
        // The n-gram bag sees the same words either way: only the rare bigrams (2 3) and (3 2) tell.
        double bag = accuracy(HashedNgramFamily.linear(), HashedNgramFamily.linear().space().defaults().with("lr", 0.01),
                data, train, test, 4);
        assertTrue(bag < 0.7, "ngram-linear: test accuracy " + bag);
    }

    private static double accuracy(CandidateFamily f, Hyperparameters config, PreparedData data, int[] train,
                                   int[] test, int epochs) {
        Tensor x = f.encoding(config).apply(data.inputs());
        Tensor trainRows = CrossValidation.rows(train), testRows = CrossValidation.rows(test);
        var fitted = CandidateTraining.fit(f, data.profile(), config, x.indexSelect(0, trainRows),
                data.targets().indexSelect(0, trainRows), null, null, new TrainingSettings(epochs, 1), 5);
        return Evaluation.of(data.profile(), fitted.predict(x.indexSelect(0, testRows)),
                data.targets().indexSelect(0, testRows)).value(SelectionMetric.ACCURACY);
    }

    @Test
    void aPaddedBatchGivesWhatEachExampleGivesAlone() {
        PreparedData data = TestData.wordOrder(16, 2);
        long[] ids = data.inputs().toLongArray();
        for (CandidateFamily f : SEQUENCE_FAMILIES) {
            Hyperparameters config = f.space().defaults();
            Module model = CandidateRecipe.build(f, data.profile(), config, 3).eval();
            Tensor x = f.encoding(config).apply(data.inputs());
            float[] batch = model.call(x).toFloatArray();
            for (int row = 0; row < 16; row++) {
                int length = 0;
                while (length < 12 && ids[row * 12 + length] != 0) length++;
                Tensor alone = x.narrow(0, row, 1).narrow(1, 0, length); // no padding at all
                float[] one = model.call(alone).toFloatArray();
                assertArrayEquals(Arrays.copyOfRange(batch, 2 * row, 2 * row + 2), one, 1e-5f, f.name() + " row "
                        + row);
            }
        }
    }

    @Test
    void costEstimatesCountTheRecurrenceAndTheAttention() {
        TaskProfile profile = profile(12);
        var gru = RecurrentTextFamily.gru();
        Hyperparameters config = gru.space().defaults();
        Module model = CandidateRecipe.build(gru, profile, config, 1);
        CostEstimate c = CostEstimate.of(model, List.of(12), io.jgrad.DType.I64, 32);
        // GRU 64 -> 64: 3 gates x 64 x (64 + 64) per step, 12 steps; the output layer 64 -> 2; the lookup is free.
        assertEquals(12L * 3 * 64 * 128 + 64 * 2, c.multiplyAddsPerSample());
        assertEquals(model.parameterCount(), c.parameters());
        assertEquals(31L * 64 + 2 * (3 * 64 * 64 + 3 * 64) + 64 * 2 + 2, c.parameters());
        // Kept for backward per example: embeddings 12 x 64, the gates and state 12 x (192 + 64), the final state 64,
        // the dropout's 64 and the output 2 (F32, times the batch).
        assertEquals((12L * 64 + 12 * 256 + 64 + 64 + 2) * 4 * 32, c.activationBytesPerBatch());

        var transformer = new TransformerTextFamily();
        Hyperparameters t = transformer.space().defaults();
        long shortMacs = CostEstimate.of(CandidateRecipe.build(transformer, profile(12), t, 1), List.of(12),
                io.jgrad.DType.I64, 1).multiplyAddsPerSample();
        long longMacs = CostEstimate.of(CandidateRecipe.build(transformer, profile(48), t, 1), List.of(48),
                io.jgrad.DType.I64, 1).multiplyAddsPerSample();
        // Per position: projections 4 x 64^2 and the feed-forward block 2 x 64 x 128, plus 2 x T x 64 for attention.
        assertEquals(12L * (4 * 64 * 64 + 2 * 64 * 128 + 2 * 12 * 64) + 64 * 2, shortMacs);
        assertTrue(longMacs > 4 * shortMacs, "attention grows with the square of the length");
    }

    @Test
    void thePreScreenKeepsThemAndATightBudgetDropsThemWithTheReason() {
        PreparedData data = TestData.wordOrder(64, 3);
        int[] rows = range(0, 48);
        var plan = new ScreeningPlan(48, 1, 2, 1);
        var open = PreScreen.run(Families.forModality(Modality.TEXT), data, rows, Budget.unlimited(),
                () -> Duration.ofHours(1), plan, 1);
        assertEquals(List.of(), open.dropped());
        assertEquals(List.of("ngram-linear", "fasttext", "gru", "lstm", "cnn1d", "transformer"),
                open.survivors().stream().map(s -> s.family().name()).toList());
        for (Screened s : open.survivors()) {
            assertTrue(s.cost().multiplyAddsPerSample() > 0 && s.probe().secondsPerStep() > 0, s.family().name());
        }

        var tight = PreScreen.run(SEQUENCE_FAMILIES, data, rows, Budget.unlimited().withMaxParameters(2_000),
                () -> Duration.ofHours(1), plan, 1);
        assertEquals(List.of(), tight.survivors());
        Map<String, Dropped> dropped = tight.dropped().stream().collect(Collectors.toMap(Dropped::family, d -> d));
        assertEquals(NAMES, tight.dropped().stream().map(Dropped::family).toList());
        for (Dropped d : dropped.values()) {
            assertEquals(Dropped.Kind.OVER_BUDGET, d.kind(), d.family());
            assertTrue(d.reason().contains("more than the budget's 2,000: raise the parameter limit"), d.reason());
        }
        var memory = PreScreen.run(SEQUENCE_FAMILIES, data, rows, Budget.unlimited().withMaxMemoryBytes(100_000),
                () -> Duration.ofHours(1), plan, 1);
        for (Dropped d : memory.dropped()) {
            assertTrue(d.reason().contains("raise the memory limit"), d.family() + ": " + d.reason());
        }
        assertEquals(4, memory.dropped().size());
    }

    @Test
    void theEncodingCutsTheLengthAndTheVocabularyAndIsSaved() {
        var enc = new FeatureEncoding.TokenSequence(3, 4);
        Tensor x = enc.apply(Tensor.of(new long[] {2, 9, 5, 7, 1, 0, 0, 0}, 2, 4));
        assertArrayEquals(new long[] {2, 1, 5, 1, 0, 0}, x.toLongArray()); // ids above 5 are unknown (1)
        assertArrayEquals(new int[] {2, 3}, x.dims());
        assertEquals(List.of(3), enc.encodedShape(List.of(4)));
        assertEquals(List.of(2), enc.encodedShape(List.of(2)));
        assertEquals(enc, FeatureEncoding.fromDescription(enc.describe()));
        assertEquals(io.jgrad.DType.I64, enc.encodedType(io.jgrad.DType.I64));
        var floats = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> enc.apply(Tensor.zeros(2, 4)));
        assertTrue(floats.getMessage().contains("TokenSequence: expected token ids"), floats.getMessage());
        var image = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RecurrentTextFamily.gru().build(new TaskProfile(Modality.IMAGES, TaskType.REGRESSION, 1,
                        List.of(1, 8, 8), List.of(), 1, List.of()), RecurrentTextFamily.gru().space().defaults(),
                        new io.jgrad.Generator(1)));
        assertTrue(image.getMessage().contains("gru: needs token id sequences"), image.getMessage());
    }

    private static TaskProfile profile(int length) {
        return new TaskProfile(Modality.TEXT, TaskType.BINARY_CLASSIFICATION, 10, List.of(length),
                List.of("a", "b"), 1, List.of(), 31);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
