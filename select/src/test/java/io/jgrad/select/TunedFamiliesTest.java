package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.FoldOutcome;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.search.SearchStrategy;
import io.jgrad.train.History;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step 4 on more than the leader: which families are tuned, how the compute is shared, and how the winner is chosen. */
class TunedFamiliesTest {

    private static CandidateResult result(String family, double... scores) {
        List<FoldOutcome> folds = new ArrayList<>();
        double sum = 0;
        for (double s : scores) {
            folds.add(new FoldOutcome("f", s, null, new History(), 1));
            sum += s;
        }
        return new CandidateResult(family, new Hyperparameters(Map.of()), folds, sum / scores.length, 0, 0);
    }

    private static List<String> names(List<CandidateResult> results) {
        return results.stream().map(CandidateResult::family).toList();
    }

    @Test
    void theRunnerUpIsTunedOnlyWhenThePairedComparisonCannotSeparateIt() {
        SelectionMetric m = SelectionMetric.ACCURACY;
        CandidateResult leader = result("a", 0.90, 0.92, 0.94, 0.91, 0.93);
        CandidateResult close = result("b", 0.91, 0.90, 0.93, 0.92, 0.92); // within the folds' noise
        CandidateResult far = result("c", 0.70, 0.71, 0.72, 0.70, 0.71); // worse on every fold, by 0.2
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, close, far), m, 0.2, 2)));
        assertEquals(List.of("a"), names(Selector.contenders(List.of(leader, far, close), m, 0.2, 1)),
                "at most max families");
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, far, close), m, 0.2, 2)),
                "a separated family is skipped, the next close one taken");
        assertEquals(List.of("a", "b", "c"), names(Selector.contenders(List.of(result("a", 0.9), result("b", 0.8),
                result("c", 0.5)), m, 0.25, 3)), "a single validation split allows no test: all up to max");
        assertEquals(List.of("a"), names(Selector.contenders(List.of(leader, result("n", Double.NaN, 0.9, 0.9, 0.9,
                0.9)), m, 0.2, 2)), "a family without a defined mean is never tuned");
        assertThrows(IllegalArgumentException.class, () -> Selector.builder().tunedFamilies(0));
    }

    @Test
    void aShareDividesASearchsComputeWithoutExceedingIt() {
        SearchTuner budgeted = SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), 14);
        assertTrue(budgeted.share(0.5).name().contains("the compute of 7 full-length trials"),
                budgeted.share(0.5).name());
        assertTrue(budgeted.share(1.0 / 3).name().contains("the compute of 4.666"), budgeted.share(1.0 / 3).name());
        SearchTuner counted = SearchTuner.of(SearchStrategy.bayesian(), 20);
        assertTrue(counted.share(0.5).name().contains("at most 10 trials"), counted.share(0.5).name());
        assertTrue(counted.share(1.0 / 3).name().contains("at most 6 trials"), "rounded down: 3 x 6 <= 20");
        assertTrue(SearchTuner.of(SearchStrategy.bayesian(), 1).share(0.5).name().contains("at most 1 trials"));
        assertThrows(IllegalArgumentException.class, () -> counted.share(0));
        assertThrows(IllegalArgumentException.class, () -> counted.share(1.5));
        Tuner defaults = new DefaultsTuner();
        assertEquals(defaults, defaults.share(0.5), "a tuner without compute to divide is unchanged");
    }

    /** Two families on a single validation split (no test can separate them), tuned with budgeted halving. */
    private static SelectionReport select(int tunedFamilies) {
        return Selector.builder().resampling(Resampling.holdout(0.25)).training(6, 6).probeSteps(1).seed(11)
                .families(m -> List.of(new LinearFamily(), new MlpFamily())).tunedFamilies(tunedFamilies)
                .tuner(SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), 4)).build()
                .select(TestData.regression(120, 6)).report();
    }

    @Test
    void bothFamiliesShareTheComputeAndTheBestValidationScoreWinsReproducibly() {
        SelectionReport r = select(2);
        List<Trial> search = r.trials().subList(1, r.trials().size());
        int linear = 0, mlp = 0;
        for (Trial t : search) {
            if (t.config().values().containsKey("depth")) mlp += t.epochs();
            else linear += t.epochs();
        }
        assertTrue(linear > 0 && mlp > 0, "both families searched: " + r.trials());
        assertTrue(linear <= 2 * 6 && mlp <= 2 * 6, "each within half of 4 trials of 6 epochs: " + linear + ", " + mlp);
        assertEquals(List.of(6), List.of(r.trials().getFirst().epochs()), "trial 1 is the leader's default");
        assertEquals(r.leaderboard().getFirst().config(), r.trials().getFirst().config());
        assertTrue(r.tuner().contains("on each of 2 families"), r.tuner());
        for (int i = 0; i < r.trials().size(); i++) assertEquals(i + 1, r.trials().get(i).number());

        // The choice: the best mean validation score of every full-length trial and of the compared defaults.
        double best = r.leaderboard().getFirst().mean();
        for (Trial t : search) if (t.succeeded() && t.epochs() == 6) best = Math.max(best, t.score());
        assertEquals(best, r.chosen().mean(), "chosen on validation only: " + r.trials());

        SelectionReport again = select(2);
        assertEquals(r.trials().stream().map(Trial::config).toList(), again.trials().stream().map(Trial::config)
                .toList());
        assertEquals(r.trials().stream().map(Trial::score).toList(), again.trials().stream().map(Trial::score)
                .toList());
        assertEquals(r.chosenConfig(), again.chosenConfig());
        assertEquals(r.testScore(), again.testScore());
    }

    @Test
    void oneFamilyTunesTheLeaderWithTheWholeCompute() {
        SelectionReport r = select(1);
        String leader = r.leaderboard().getFirst().family();
        int epochs = r.trials().subList(1, r.trials().size()).stream().mapToInt(Trial::epochs).sum();
        assertTrue(epochs <= 4 * 6, "at most the whole compute: " + epochs);
        assertTrue(r.tuner().startsWith("budgeted-halving(eta=3) search (the compute of 4 full-length trials)"),
                r.tuner());
        assertEquals(leader, r.chosenFamily());
    }
}
