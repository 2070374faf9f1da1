package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.select.benchmark.CoarseGrids;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.Evaluation;
import io.jgrad.select.compare.FoldOutcome;
import io.jgrad.select.compare.PairedBootstrap;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.compare.ValidationPredictions;
import io.jgrad.select.search.SearchStrategy;
import io.jgrad.train.History;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
        Resampling fiveFolds = Resampling.kFold(5);
        CandidateResult leader = result("a", 0.90, 0.92, 0.94, 0.91, 0.93);
        CandidateResult close = result("b", 0.91, 0.90, 0.93, 0.92, 0.92); // within the folds' noise
        CandidateResult far = result("c", 0.70, 0.71, 0.72, 0.70, 0.71); // worse on every fold, by 0.2
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, close, far), m, fiveFolds, 0, 2)));
        assertEquals(List.of("a"), names(Selector.contenders(List.of(leader, far, close), m, fiveFolds, 0, 1)),
                "at most max families");
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, far, close), m, fiveFolds, 0, 2)),
                "a separated family is skipped, the next close one taken");
        assertEquals(List.of("a"), names(Selector.contenders(List.of(leader, result("n", Double.NaN, 0.9, 0.9, 0.9,
                0.9)), m, fiveFolds, 0, 2)), "a family without a defined mean is never tuned");
        assertThrows(IllegalArgumentException.class, () -> Selector.builder().tunedFamilies(0));
    }

    /** A candidate validated on one split of 120 rows (classes 0, 1, 2 in turn), wrong on its first rows. */
    private static CandidateResult holdout(String family, int wrongRows) {
        int n = 120;
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.MULTICLASS_CLASSIFICATION, n, List.of(1),
                List.of("x", "y", "z"), 1, List.of());
        long[] y = new long[n];
        float[] logits = new float[n * 3];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            logits[i * 3 + (int) (i < wrongRows ? (y[i] + 1) % 3 : y[i])] = 1;
        }
        Tensor outputs = Tensor.of(logits, n, 3), targets = Tensor.of(y, n);
        Evaluation e = Evaluation.of(profile, outputs, targets);
        double score = e.value(SelectionMetric.ACCURACY);
        FoldOutcome fold = new FoldOutcome("r1 f1", score, e, new History(), 1,
                ValidationPredictions.of(profile, outputs, targets));
        return new CandidateResult(family, new Hyperparameters(Map.of()), List.of(fold), score, 0, 0);
    }

    @Test
    void onASingleValidationSplitThePairedBootstrapDecidesWhichFamiliesAreTuned() {
        SelectionMetric m = SelectionMetric.ACCURACY;
        Resampling split = Resampling.holdout(0.25);
        CandidateResult leader = holdout("a", 6), close = holdout("b", 8), far = holdout("c", 40);
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, close, far), m, split, 1, 3)),
                "two rows of 120 apart: not separated; 34 rows apart: separated");
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, far, close), m, split, 1, 2)));
        assertEquals(List.of("a"), names(Selector.contenders(List.of(leader, far), m, split, 1, 2)),
                "a family the bootstrap separates is not tuned");
        assertEquals(List.of("a", "b"), names(Selector.contenders(List.of(leader, holdout("b", 6)), m, split, 1, 2)),
                "the same predictions cannot be separated");
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

    /**
     * Two families on a single validation split, which the paired bootstrap over its 24 validation examples does not
     * separate, tuned by {@code tuner}.
     */
    private static SelectionReport select(int tunedFamilies, Tuner tuner,
                                          Function<Modality, List<CandidateFamily>> families) {
        return Selector.builder().resampling(Resampling.holdout(0.25)).training(6, 6).probeSteps(1).seed(11)
                .families(families).tunedFamilies(tunedFamilies).tuner(tuner).build()
                .select(TestData.regression(120, 6)).report();
    }

    private static final Function<Modality, List<CandidateFamily>> LINEAR_AND_MLP =
            m -> List.of(new LinearFamily(), new MlpFamily());

    private static SelectionReport halving(int tunedFamilies, double fullTrials) {
        return select(tunedFamilies, SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), fullTrials),
                LINEAR_AND_MLP);
    }

    /** Trial-epochs charged to each family's trials after trial 1 (an MLP's configuration has a depth). */
    private static int[] chargedLinearAndMlp(SelectionReport r) {
        int linear = 0, mlp = 0;
        for (Trial t : r.trials().subList(1, r.trials().size())) {
            if (t.config().values().containsKey("depth")) mlp += t.chargedEpochs();
            else linear += t.chargedEpochs();
        }
        return new int[] {linear, mlp};
    }

    /** The chosen configuration is the best mean validation score of every full-length trial and compared default. */
    private static void assertChosenOnValidation(SelectionReport r) {
        double best = r.leaderboard().getFirst().mean();
        for (Trial t : r.trials()) if (t.succeeded() && t.epochs() == 6) best = Math.max(best, t.score());
        assertEquals(best, r.chosen().mean(), "chosen on validation only: " + r.trials());
    }

    private static void assertSameSelection(SelectionReport r, SelectionReport again) {
        assertEquals(r.trials().stream().map(Trial::config).toList(), again.trials().stream().map(Trial::config)
                .toList());
        assertEquals(r.trials().stream().map(Trial::score).toList(), again.trials().stream().map(Trial::score)
                .toList());
        assertEquals(r.chosenConfig(), again.chosenConfig());
        assertEquals(r.testScore(), again.testScore());
    }

    @Test
    void budgetedHalvingSearchesBothFamiliesTogetherWithTheWholeComputeReproducibly() {
        SelectionReport r = halving(2, 8);
        PairedComparison defaults = PairedComparison.of(r.leaderboard().get(0), r.leaderboard().get(1), r.metric(),
                Resampling.holdout(0.25), 11);
        assertEquals(PairedBootstrap.TEST_NAME, defaults.test());
        assertEquals(24, defaults.examples(), "a quarter of the 96 development rows");
        assertFalse(defaults.significant(), "the premise: step 3 did not separate them, " + defaults.verdict());
        int[] charged = chargedLinearAndMlp(r);
        assertTrue(charged[0] > 0 && charged[1] > 0, "both families searched: " + r.trials());
        assertTrue(charged[0] + charged[1] <= 8 * 6, "within the whole compute together: " + r.trials());
        assertTrue(Math.max(charged[0], charged[1]) > 4 * 6, "more than an equal share to one: " + r.trials());
        assertTrue(r.tuner().contains("over the configurations of 2 families together"), r.tuner());
        assertEquals(List.of(6), List.of(r.trials().getFirst().epochs()), "trial 1 is the leader's default");
        assertEquals(r.leaderboard().getFirst().config(), r.trials().getFirst().config());
        for (int i = 0; i < r.trials().size(); i++) assertEquals(i + 1, r.trials().get(i).number());
        // Neither default is screened again: the search knows both.
        for (Trial t : r.trials().subList(1, r.trials().size())) {
            for (CandidateResult d : r.leaderboard()) assertFalse(t.config().equals(d.config()), "default again: " + t);
        }
        assertChosenOnValidation(r);
        assertSameSelection(r, halving(2, 8));
    }

    @Test
    void finiteSpacesAreSearchedTogetherAsOneListOfConfigurations() {
        Function<Modality, List<CandidateFamily>> coarse = CoarseGrids::forModality;
        Tuner tuner = SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), 4);
        SelectionReport r = select(2, tuner, coarse);
        assertTrue(r.tuner().contains("together"), r.tuner());
        int[] charged = chargedLinearAndMlp(r);
        assertTrue(charged[0] + charged[1] <= 4 * 6, "within the whole compute together: " + r.trials());
        List<CandidateFamily> families = coarse.apply(Modality.TABULAR);
        Set<Hyperparameters> firstRung = new HashSet<>();
        for (Trial t : r.trials().subList(1, r.trials().size())) {
            assertTrue(families.stream().map(f -> SearchSpaces.of(f.space()))
                    .filter(space -> Set.copyOf(space.names()).equals(t.config().values().keySet()))
                    .anyMatch(space -> space.grid(Integer.MAX_VALUE).contains(space.configuration(t.config().values()))),
                    "a listed configuration of one family: " + t);
            if (t.chargedEpochs() == t.epochs()) assertTrue(firstRung.add(t.config()), "drawn twice: " + t);
        }
        assertChosenOnValidation(r);
        assertSameSelection(r, select(2, tuner, coarse));
    }

    @Test
    void aSearchThatCannotJoinThemTunesEachFamilyOnAnEqualShare() {
        Tuner random = SearchTuner.of(SearchStrategy.random(), 4);
        SelectionReport r = select(2, random, LINEAR_AND_MLP);
        assertTrue(r.tuner().contains("on each of 2 families"), r.tuner());
        long linear = r.trials().subList(1, r.trials().size()).stream()
                .filter(t -> !t.config().values().containsKey("depth")).count();
        assertEquals(List.of(2L, 2L), List.of(linear, r.trials().size() - 1 - linear),
                "4 trials shared: 2 per family: " + r.trials());
        assertChosenOnValidation(r);
    }

    @Test
    void finiteAndRealSpacesMixedAreTunedOnEqualShares() {
        // The coarse linear family lists its configurations; the MLP's learning rate is a real range.
        CandidateFamily coarseLinear = CoarseGrids.forModality(Modality.TABULAR).stream()
                .filter(f -> f.name().equals("linear")).findFirst().orElseThrow();
        SelectionReport r = select(2, SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), 4),
                m -> List.of(coarseLinear, new MlpFamily()));
        assertEquals(2, r.leaderboard().size());
        assertTrue(r.tuner().contains("on each of 2 families"), r.tuner());
        int[] charged = chargedLinearAndMlp(r);
        assertTrue(charged[0] <= 2 * 6 && charged[1] <= 2 * 6, "each within half the compute: " + r.trials());
        assertChosenOnValidation(r);
    }

    @Test
    void oneFamilyTunesTheLeaderWithTheWholeCompute() {
        SelectionReport r = halving(1, 4);
        String leader = r.leaderboard().getFirst().family();
        int epochs = r.trials().subList(1, r.trials().size()).stream().mapToInt(Trial::epochs).sum();
        assertTrue(epochs <= 4 * 6, "at most the whole compute: " + epochs);
        assertTrue(r.tuner().startsWith("budgeted-halving(eta=3) search (the compute of 4 full-length trials)"),
                r.tuner());
        assertEquals(leader, r.chosenFamily());
    }
}
