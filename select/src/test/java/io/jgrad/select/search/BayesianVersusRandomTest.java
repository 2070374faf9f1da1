package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The target on a small instance: Bayesian optimisation beats random search at equal trial counts on a
 * function with a known minimum, on the mean regret over seeds (the full-size figures come from
 * {@link SearchBenchmark#main}).
 */
class BayesianVersusRandomTest {

    @Test
    void benchmarkFunctionsHaveTheirKnownMinima() {
        BenchmarkFunction branin = BenchmarkFunction.branin();
        for (double[] x : new double[][] {{-Math.PI, 12.275}, {Math.PI, 2.275}, {9.42478, 2.475}}) {
            assertEquals(0.397887, branin.value(branin.space().configuration(java.util.Map.of("x1", x[0], "x2",
                    x[1]))), 1e-5);
        }
        BenchmarkFunction hartmann = BenchmarkFunction.hartmann6();
        double[] best = {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573};
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        for (int j = 0; j < 6; j++) {
            values.put("x" + (j + 1), best[j]);
        }
        assertEquals(-3.32237, hartmann.value(hartmann.space().configuration(values)), 1e-5);
    }

    @Test
    void bayesianHasTheLowerMeanRegretOnBranin() {
        check(BenchmarkFunction.branin(), 20, 8, 1);
    }

    @Test
    void bayesianInBatchesOfFourStillBeatsRandom() {
        check(BenchmarkFunction.branin(), 20, 8, 4);
    }

    @Test
    void tpeHasTheLowerMeanRegretOnBranin() {
        check(BenchmarkFunction.branin(), new TpeSearch(), 30, 8, 1);
    }

    private static void check(BenchmarkFunction f, int trials, int seeds, int batchSize) {
        check(f, BayesianSearch.builder().candidates(500).build(), trials, seeds, batchSize);
    }

    private static void check(BenchmarkFunction f, SearchStrategy model, int trials, int seeds, int batchSize) {
        List<SearchBenchmark.Regrets> r = SearchBenchmark.compare(f, List.of(model, SearchStrategy.random()), trials,
                seeds, batchSize);
        SearchBenchmark.Regrets bayesian = r.get(0);
        SearchBenchmark.Regrets random = r.get(1);
        String report = f.name() + ", " + trials + " trials, " + seeds + " seeds, batch " + batchSize + ":\n  "
                + bayesian.summary() + " " + java.util.Arrays.toString(bayesian.regrets()) + "\n  "
                + random.summary() + " " + java.util.Arrays.toString(random.regrets());
        System.out.println(report);
        assertTrue(bayesian.mean() < random.mean(), report);
        assertTrue(bayesian.median() < random.median(), report);
    }
}
