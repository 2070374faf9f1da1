package io.jgrad.select.candidates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.select.Modality;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    @Test
    void costEstimateCountsParametersMultiplyAddsAndActivations() {
        // Dense 4->3: 12 multiply-adds, outputs 3 (+ 3 after ReLU), 15 parameters.
        var dense = new Sequential(new Dense(4, 3), new ReLU());
        CostEstimate c = CostEstimate.of(dense, List.of(4), 10);
        assertEquals(15, c.parameters());
        assertEquals(12, c.multiplyAddsPerSample());
        assertEquals(6L * 10 * 4, c.activationBytesPerBatch());
        assertEquals(4 * 15 * 4 + 2 * 240, c.trainingMemoryBytes());
        // Conv 1->2, 3x3, padding 1 on 5x5: 25 positions x 2 outputs x 9 = 450; then dense 50 -> 1: 50.
        var conv = new Sequential(new Conv2d(1, 2, 3).padding(1), new Flatten(), new Dense(50, 1));
        assertEquals(500, CostEstimate.of(conv, List.of(1, 5, 5), 1).multiplyAddsPerSample());
    }

    @Test
    void everyFamilyBuildsItsDefaultForItsModality() {
        TaskProfile images = profile(Modality.IMAGES, List.of(1, 16, 16));
        for (CandidateFamily f : Families.forModality(Modality.IMAGES)) {
            f.space().check(f.space().defaults());
            var model = CandidateRecipe.build(f, images, f.space().defaults(), 1);
            assertArrayEquals(new int[] {2, 3}, model.call(Tensor.zeros(2, 1, 16, 16)).shape().dims(), f.name());
        }
        TaskProfile text = profile(Modality.TEXT, List.of(8));
        long built = Families.forModality(Modality.TEXT).stream().filter(f -> f.unavailableReason().isEmpty())
                .peek(f -> {
                    var model = CandidateRecipe.build(f, text, f.space().defaults(), 1);
                    Tensor x = f.encoding(f.space().defaults()).apply(Tensor.of(new long[16], 2, 8));
                    assertArrayEquals(new int[] {2, 3}, model.call(x).shape().dims(), f.name());
                }).count();
        assertEquals(6, built);
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        var f = new MlpFamily();
        TaskProfile p = profile(Modality.TABULAR, List.of(6));
        var a = CandidateRecipe.build(f, p, f.space().defaults(), 7).stateDict();
        var b = CandidateRecipe.build(f, p, f.space().defaults(), 7).stateDict();
        var c = CandidateRecipe.build(f, p, f.space().defaults(), 8).stateDict();
        assertArrayEquals(a.get("1.weight").toFloatArray(), b.get("1.weight").toFloatArray());
        assertTrue(!java.util.Arrays.equals(a.get("1.weight").toFloatArray(), c.get("1.weight").toFloatArray()));
    }

    @Test
    void hashedNgramsGiveFrequenciesAndSkipPadding() {
        var enc = new FeatureEncoding.HashedNgrams(64, 2);
        Tensor x = enc.apply(Tensor.of(new long[] {5, 6, 0, 0, 0, 0, 0, 0}, 2, 4));
        float[] v = x.toFloatArray();
        float first = 0, second = 0;
        for (int i = 0; i < 64; i++) {
            first += v[i];
            second += v[64 + i];
        }
        assertEquals(1f, first, 1e-6f); // 3 n-grams: (5), (6), (5 6)
        assertEquals(0f, second); // all padding
        assertEquals(List.of(64), enc.encodedShape(List.of(4)));
        assertEquals(enc, FeatureEncoding.fromDescription(enc.describe()));
        assertEquals(new FeatureEncoding.Identity(), FeatureEncoding.fromDescription(Map.of("lr", "0.1")));
        var bad = assertThrows(IllegalArgumentException.class, () -> FeatureEncoding.fromDescription(
                Map.of("input_encoding", "hashed_ngrams", "input_encoding.buckets", "x")));
        assertTrue(bad.getMessage().contains("input_encoding.buckets"), bad.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> enc.apply(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("token ids"), e.getMessage());
    }

    @Test
    void spacesCheckDefaultsAndConfigurations() {
        HyperparameterSpace s = HyperparameterSpace.builder().choice("width", 32, 16, 32).intRange("depth", 2, 1, 4)
                .realRange("lr", 1e-3, 1e-4, 1e-1, true).build();
        assertEquals(-1, s.gridSize());
        assertEquals(4, HyperparameterSpace.builder().choice("a", 1, 1, 2).choice("b", true, true, false).build()
                .gridSize());
        s.check(s.defaults());
        var e = assertThrows(IllegalArgumentException.class, () -> s.check(s.defaults().with("depth", 9)));
        assertTrue(e.getMessage().contains("'depth' = 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HyperparameterSpace.builder().choice("a", 3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Hyperparameters(Map.of("a", List.of())));
        var wrong = assertThrows(IllegalArgumentException.class, () -> s.defaults().booleanValue("width"));
        assertTrue(wrong.getMessage().contains("'width'"), wrong.getMessage());
    }

    @Test
    void budgetLimitsNameWhatToRaise() {
        var cost = new CostEstimate(1000, 1000, 100, 20_000);
        var budget = io.jgrad.select.Budget.unlimited();
        assertTrue(PreScreen.exceedsModelLimits(cost, budget).isEmpty());
        assertTrue(PreScreen.exceedsModelLimits(cost, budget.withMaxMemoryBytes(10_000)).orElseThrow()
                .contains("raise the memory limit"));
        assertTrue(PreScreen.exceedsLatency(new Probe(0.01, 5_000_000), budget.withMaxLatency(
                java.time.Duration.ofMillis(1))).orElseThrow().contains("raise the latency limit"));
    }

    @Test
    void aFamilyOfWhichOneEpochOverrunsTheTimeLeftIsDropped() {
        var data = io.jgrad.select.TestData.regression(40, 1);
        int[] rows = new int[30];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        var result = PreScreen.run(Families.forModality(Modality.TABULAR), data, rows,
                io.jgrad.select.Budget.unlimited(), () -> java.time.Duration.ZERO, new ScreeningPlan(30, 4, 10, 1), 1);
        assertEquals(List.of(), result.survivors());
        assertEquals(2, result.dropped().size());
        for (Dropped d : result.dropped()) {
            assertEquals(Dropped.Kind.OVER_BUDGET, d.kind());
            assertTrue(d.reason().contains("one training epoch takes about") && d.reason().contains("raise the budget's"
                    + " time"), d.reason());
            assertTrue(d.probe().secondsPerStep() > 0);
        }
    }

    private static TaskProfile profile(Modality modality, List<Integer> shape) {
        return new TaskProfile(modality, TaskType.MULTICLASS_CLASSIFICATION, 10, shape, List.of("a", "b", "c"), 1,
                List.of());
    }
}
