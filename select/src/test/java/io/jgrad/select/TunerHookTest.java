package io.jgrad.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.Resampling;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunerHookTest {

    /** Tries two learning rates and one configuration outside the space; keeps the best. */
    private static final class TwoRates implements Tuner {
        @Override
        public String name() { return "two rates"; }

        @Override
        public Result tune(Request request) {
            List<Trial> trials = new ArrayList<>();
            CandidateResult best = request.baseline();
            trials.add(new Trial(1, best.config(), 10, best.mean(), null, best.seconds()));
            for (Object lr : List.of(0.05, 0.003, 7.0)) {
                Hyperparameters config = best.config().with("lr", lr);
                try {
                    CandidateResult r = request.objective().evaluate(config);
                    trials.add(new Trial(trials.size() + 1, config, 10, r.mean(), null, r.seconds()));
                    if (request.metric().better(r.mean(), best.mean())) best = r;
                } catch (IllegalArgumentException e) {
                    trials.add(new Trial(trials.size() + 1, config, 10, Double.NaN, e.getMessage(), 0));
                }
            }
            assertTrue(request.objective().overBudget(best.config()).isEmpty());
            assertEquals(10, request.objective().maxEpochs());
            CandidateResult short2 = request.objective().evaluate(best.config(), 2); // a successive-halving rung
            assertTrue(short2.folds().stream().allMatch(f -> f.history().size() <= 2));
            return new Result(best, trials);
        }
    }

    @Test
    void theTunersChoiceIsTrainedTestedAndItsTrialsReported() {
        Selection s = Selector.builder().resampling(Resampling.kFold(3)).training(10, 3).probeSteps(1).seed(8)
                .families(m -> List.of(new io.jgrad.select.candidates.LinearFamily())).tuner(new TwoRates()).build()
                .select(TestData.regression(90, 8));
        SelectionReport r = s.report();
        assertEquals("two rates", r.tuner());
        assertEquals(4, r.trials().size());
        Trial outside = r.trials().get(3);
        assertFalse(outside.succeeded());
        assertTrue(outside.failure().contains("'lr' = 7.0"), outside.failure());
        double best = r.trials().stream().filter(Trial::succeeded).mapToDouble(Trial::score).max().orElseThrow();
        assertEquals(best, r.chosen().mean());
        assertEquals(r.chosen().config().values().get("lr"), r.chosenConfig().values().get("lr"));
        assertEquals(null, r.comparison(), "one family: nothing to compare with");
        assertTrue(io.jgrad.select.report.HtmlReport.render(r).contains("Search convergence"));
    }
}
