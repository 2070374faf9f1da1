package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.candidates.Hyperparameters;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationRunTest {
    private static final PreparedData DATA = NoisyTable.of(150, 5);
    private static final long SEED = 4;

    private static List<Fold> folds() {
        int[] rows = new int[DATA.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        return Resampling.kFold(3).split(rows, NoisyTable.labels(DATA), SEED);
    }

    private static CrossValidationRun run(Hyperparameters config, int patience) {
        return new CrossValidationRun(NoisyTable.MLP, config, DATA, folds(), SelectionMetric.F1_MACRO, patience, SEED);
    }

    private static void assertSameResult(CandidateResult expected, CandidateResult actual) {
        assertEquals(expected.config(), actual.config());
        assertArrayEquals(expected.scores(), actual.scores(), "the fold scores, exactly");
        assertEquals(expected.mean(), actual.mean());
        assertEquals(expected.std(), actual.std());
        for (int f = 0; f < expected.folds().size(); f++) {
            FoldOutcome e = expected.folds().get(f), a = actual.folds().get(f);
            assertEquals(e.fold(), a.fold());
            assertEquals(e.bestEpoch(), a.bestEpoch(), e.fold());
            assertEquals(NoisyTable.curves(e.history()), NoisyTable.curves(a.history()), e.fold());
            assertEquals(e.evaluation().metrics(), a.evaluation().metrics(), e.fold());
            assertEquals(a.score(), a.predictions().score(SelectionMetric.F1_MACRO), "the kept predictions' score");
            assertEquals(a.evaluation().metrics(), Evaluation.of(DATA.profile(), a.predictions().outputs(),
                    a.predictions().targets()).metrics(), "every figure from the kept predictions");
        }
    }

    @Test
    void aResumedEvaluationScoresEveryFoldAsAFreshOneToTheHigherLimit() {
        for (double lr : new double[] {0.002, 0.1}) {
            Hyperparameters config = NoisyTable.mlp(lr);
            CandidateResult fresh = run(config, 2).trainTo(12);
            CrossValidationRun resumed = run(config, 2);
            CandidateResult shortRun = resumed.trainTo(4);
            CandidateResult full = resumed.trainTo(12);
            assertSameResult(fresh, full);
            assertEquals(fresh.meanBestEpoch(), full.meanBestEpoch());
            assertTrue(shortRun.folds().stream().allMatch(f -> f.history().size() <= 4), "lr " + lr);
        }
    }

    @Test
    void theCasesCoverFoldsThatStopWithinTheLowerLimitAndFoldsThatGoOnPastIt() {
        CandidateResult slow = run(NoisyTable.mlp(0.002), 2).trainTo(12);
        CandidateResult fast = run(NoisyTable.mlp(0.1), 2).trainTo(12);
        List<Integer> lengths = new ArrayList<>();
        for (CandidateResult r : List.of(slow, fast)) r.folds().forEach(f -> lengths.add(f.history().size()));
        assertTrue(lengths.stream().anyMatch(n -> n <= 4), "a fold's patience ran out within 4 epochs: " + lengths);
        assertTrue(lengths.stream().anyMatch(n -> n > 4), "a fold went on past 4 epochs: " + lengths);
    }

    @Test
    void anEvaluationIsTheRunTrainedOnceAndTheSameSeedGivesTheSameResult() {
        Hyperparameters config = NoisyTable.mlp(0.01);
        CandidateResult evaluated = CrossValidation.evaluate(NoisyTable.MLP, config, DATA, folds(),
                SelectionMetric.F1_MACRO, new TrainingSettings(8, 3), SEED);
        assertSameResult(evaluated, run(config, 3).trainTo(8));
        assertSameResult(evaluated, CrossValidation.evaluate(NoisyTable.MLP, config, DATA, folds(),
                SelectionMetric.F1_MACRO, new TrainingSettings(8, 3), SEED));
    }
}
