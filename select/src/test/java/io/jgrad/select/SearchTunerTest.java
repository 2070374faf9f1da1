package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.report.JsonReport;
import io.jgrad.select.report.MarkdownReport;
import io.jgrad.select.search.SearchStrategy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTunerTest {

    private static Selector.Builder linearOnly() {
        return Selector.builder().resampling(Resampling.kFold(3)).training(10, 3).probeSteps(1)
                .families(m -> List.of(new LinearFamily()));
    }

    @Test
    void bayesianSearchOnIrisIsReproducibleFromItsSeed() throws Exception {
        assumeTrue(TestData.sklearnPresent(), "python3-sklearn's data sets are not installed");
        PreparedData iris = TestData.iris();
        SelectionReport a = linearOnly().search(SearchStrategy.bayesian(), 7).seed(21).build().select(iris).report();
        SelectionReport b = linearOnly().search(SearchStrategy.bayesian(), 7).seed(21).build().select(iris).report();

        assertTrue(a.tuner().startsWith("bayesian"), a.tuner());
        assertEquals(8, a.trials().size(), "the baseline and 7 search trials");
        assertEquals(a.trials().stream().map(Trial::config).toList(), b.trials().stream().map(Trial::config).toList());
        assertEquals(a.trials().stream().map(Trial::score).toList(), b.trials().stream().map(Trial::score).toList());
        assertEquals(a.chosenConfig(), b.chosenConfig());
        assertEquals(a.testScore(), b.testScore());

        double[] curve = a.searchConvergence();
        assertEquals(a.trials().size(), curve.length);
        for (int i = 1; i < curve.length; i++) assertTrue(curve[i] >= curve[i - 1], "best so far never drops");
        assertEquals(curve[curve.length - 1], a.chosen().mean(), "the chosen configuration is the best trial");
        assertTrue(a.chosen().mean() >= a.trials().getFirst().score(), "never worse than the defaults");
        assertTrue(a.testScore() > 0.8, "iris test f1 " + a.testScore());
        String json = JsonReport.render(a);
        assertTrue(json.contains("\"best_so_far\""), json);
        assertTrue(json.contains("\"epochs\": 10") || json.contains("\"epochs\":10"), json);
    }

    /** A linear model; with {@code output = "nan"} its training outputs NaN, so its trials fail. */
    private static final class SometimesNan implements CandidateFamily {
        private static final HyperparameterSpace SPACE = HyperparameterSpace.builder()
                .choice("output", "finite", "finite", "nan").choice("lr", 0.03, 0.03).choice("batch_size", 16, 16)
                .build();

        @Override
        public String name() { return "sometimes-nan"; }

        @Override
        public String description() { return "a linear model whose training outputs NaN when asked"; }

        @Override
        public HyperparameterSpace space() { return SPACE; }

        @Override
        public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
            boolean nan = config.stringValue("output").equals("nan");
            return new Sequential(new Dense(5, 1), new Module() {
                @Override
                public Tensor forward(Tensor x) { return nan && isTraining() ? x.mul(Double.NaN) : x; }
            });
        }
    }

    @Test
    void aFailingTrialIsRecordedWithItsReasonAndTheSearchGoesOn() {
        SelectionReport r = Selector.builder().resampling(Resampling.kFold(3)).training(4, 2).probeSteps(1).seed(2)
                .families(m -> List.of(new SometimesNan())).search(SearchStrategy.grid(1), 10).build()
                .select(TestData.regression(60, 5)).report();
        assertEquals(3, r.trials().size(), "the baseline, then the grid's two configurations");
        Trial failed = r.trials().stream().filter(t -> !t.succeeded()).findFirst().orElseThrow();
        assertEquals("nan", failed.config().stringValue("output"));
        assertTrue(failed.failure().contains("NaN"), failed.failure());
        assertTrue(Double.isNaN(failed.score()));
        assertEquals("finite", r.chosenConfig().stringValue("output"));
        assertTrue(MarkdownReport.render(r).contains("failed: "), "the report shows the failure");
    }

    @Test
    void successiveHalvingTrainsItsEarlyRungsForFewerEpochs() {
        SelectionReport r = linearOnly().training(9, 9).seed(3).search(SearchStrategy.successiveHalving(3), 13)
                .build().select(TestData.regression(90, 3)).report();
        List<Integer> epochs = r.trials().stream().map(Trial::epochs).toList();
        assertTrue(epochs.contains(1) && epochs.contains(9), epochs.toString());
        assertTrue(epochs.stream().allMatch(e -> e >= 1 && e <= 9), epochs.toString());
        assertEquals(14, r.trials().size(), "the baseline, then 9 configurations at 1 epoch, 3 at 3, 1 at 9");
        double[] curve = r.searchConvergence();
        assertEquals(curve[curve.length - 1], r.chosen().mean(), "only full-epoch trials compete");
        assertEquals(9, r.trials().getFirst().epochs());
    }

    @Test
    void budgetedHalvingScreensManyConfigurationsWithinTheComputeOfAFewFullTrials() {
        Selector.Builder builder = linearOnly().training(9, 9).seed(5)
                .tuner(SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), 3));
        SelectionReport r = builder.build().select(TestData.regression(90, 3)).report();
        SelectionReport again = builder.build().select(TestData.regression(90, 3)).report();

        assertTrue(r.tuner().startsWith("budgeted-halving(eta=3) search (the compute of 3 full-length trials"),
                r.tuner());
        List<Trial> search = r.trials().subList(1, r.trials().size());
        assertEquals(List.of(3, 3, 3, 3, 3, 9, 9), search.stream().map(Trial::epochs).toList(),
                "5 configurations for 3 epochs (the default floor), the best 2 resumed for 6 more: 27 trial-epochs");
        assertEquals(List.of(3, 3, 3, 3, 3, 6, 6), search.stream().map(Trial::chargedEpochs).toList());
        assertEquals(r.trials().stream().map(Trial::config).toList(),
                again.trials().stream().map(Trial::config).toList());
        assertEquals(r.trials().stream().map(Trial::score).toList(),
                again.trials().stream().map(Trial::score).toList());
        assertEquals(r.testScore(), again.testScore());
        String json = JsonReport.render(r);
        assertTrue(json.contains("\"charged_epochs\":6") || json.contains("\"charged_epochs\": 6"), json);
        double[] curve = r.searchConvergence();
        assertEquals(curve[curve.length - 1], r.chosen().mean(), "the chosen one is the best full-length trial");
        assertTrue(r.trials().stream().anyMatch(t -> t.epochs() == 9 && t.config().equals(r.chosenConfig())),
                "only a full-length trial (or the default) is chosen");
    }

    @Test
    void budgetedHalvingResumesPromotedMlpsOverTheFoldsReproducibly() throws Exception {
        assumeTrue(TestData.sklearnPresent(), "python3-sklearn's data sets are not installed");
        PreparedData iris = TestData.iris();
        Selector.Builder builder = Selector.builder().resampling(Resampling.kFold(3)).training(9, 3).probeSteps(1)
                .families(m -> List.of(new MlpFamily())).seed(5)
                .tuner(SearchTuner.budgeted(SearchStrategy.budgetedHalving(3), 4));
        SelectionReport r = builder.build().select(iris).report();
        SelectionReport again = builder.build().select(iris).report();

        List<Trial> search = r.trials().subList(1, r.trials().size());
        assertTrue(search.stream().anyMatch(t -> t.epochs() == 9 && t.chargedEpochs() == 6),
                "a configuration promoted from 3 to 9 epochs is charged 6: " + search);
        assertTrue(search.stream().allMatch(t -> t.chargedEpochs() == (t.epochs() == 9 ? 6 : 3)), search.toString());
        assertTrue(search.stream().mapToInt(Trial::chargedEpochs).sum() <= 4 * 9, "within 4 full trials' compute");
        assertEquals(r.trials(), again.trials().stream().map(t -> new Trial(t.number(), t.config(), t.epochs(),
                t.chargedEpochs(), t.score(), t.failure(), r.trials().get(t.number() - 1).seconds())).toList(),
                "the same trials and scores from the same seed");
        assertEquals(r.chosenConfig(), again.chosenConfig());
        assertEquals(r.chosen().mean(), again.chosen().mean());
        assertEquals(r.testScore(), again.testScore());
    }
}
