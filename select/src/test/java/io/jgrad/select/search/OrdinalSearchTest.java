package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GP-EI over ordered numeric choices, the selector's kind of space (depth, width, dropout, batch size, learning rate,
 * one flag; 2,016 configurations): on a smooth objective with a known optimum it finds the optimum in fewer trials
 * than random search, on average over seeds, and the same seed gives the same trials.
 */
class OrdinalSearchTest {
    private static final int MAX_TRIALS = 60;
    private static final int SEEDS = 8;
    private static final Map<String, List<Object>> CHOICES = Map.of(
            "depth", List.of(1, 2, 3),
            "width", List.of(32, 64, 128, 256),
            "dropout", List.of(0.0, 0.1, 0.3),
            "batch_size", List.of(16, 32, 64, 128),
            "lr", List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1));
    private static final List<String> ORDER = List.of("depth", "width", "dropout", "batch_size", "lr");
    /** The optimum: depth 2, width 128, dropout 0.1, batch size 32, lr 3e-3, batch norm on. */
    private static final Map<String, Object> OPTIMUM = Map.of("depth", 2, "width", 128, "dropout", 0.1,
            "batch_size", 32, "lr", 3e-3, "batch_norm", true);

    private static SearchSpace space() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (String name : ORDER) b.ordinal(name, CHOICES.get(name).toArray(Number[]::new));
        return b.categorical("batch_norm", false, true).build();
    }

    /** A loss with its minimum 0 at {@link #OPTIMUM}: quadratic in each choice's rank, the lr's tied to the batch's. */
    private static double loss(Configuration c) {
        double sum = 0;
        double[] weights = {1.0, 0.6, 0.4, 0.5, 1.5};
        for (int i = 0; i < ORDER.size(); i++) {
            double d = rank(c, ORDER.get(i)) - rank(OPTIMUM.get(ORDER.get(i)), ORDER.get(i));
            sum += weights[i] * d * d;
        }
        double coupling = (rank(c, "lr") - 3) - (rank(c, "batch_size") - 1); // a larger batch wants a larger lr
        return sum + 0.3 * coupling * coupling + (c.getBoolean("batch_norm") ? 0 : 0.7);
    }

    private static double rank(Configuration c, String name) { return rank(c.get(name), name); }

    private static double rank(Object value, String name) { return CHOICES.get(name).indexOf(value); }

    /** The 1-based number of the first trial that reached the optimum, or {@code MAX_TRIALS + 1} if none did. */
    private static int trialsToOptimum(SearchSpace space, SearchStrategy strategy, long seed) {
        SearchResult r = search(space, strategy, seed);
        for (Trial t : r.trials()) {
            if (t.score() == 0) return t.id() + 1;
        }
        return MAX_TRIALS + 1;
    }

    private static SearchResult search(SearchSpace space, SearchStrategy strategy, long seed) {
        return HyperparameterSearch.over(space).strategy(strategy).direction(Direction.MINIMIZE).seed(seed)
                .maxTrials(MAX_TRIALS).run((c, ctx) -> loss(c));
    }

    private static double meanTrials(SearchSpace space, SearchStrategy strategy, int[] perSeed) {
        for (int seed = 0; seed < SEEDS; seed++) perSeed[seed] = trialsToOptimum(space, strategy, seed);
        return Arrays.stream(perSeed).average().orElseThrow();
    }

    @Test
    void theObjectiveHasItsOptimumWhereItSays() {
        SearchSpace space = space();
        List<Configuration> grid = space.grid(1);
        assertEquals(3 * 4 * 3 * 4 * 7 * 2, grid.size());
        Configuration optimum = space.configuration(OPTIMUM);
        assertEquals(0, loss(optimum));
        assertEquals(1, grid.stream().filter(c -> loss(c) == 0).count(), "one optimum");
        assertTrue(grid.stream().allMatch(c -> c.equals(optimum) || loss(c) >= 0.3), "no near-tie");
    }

    @Test
    void bayesianFindsTheOptimumInFewerTrialsThanRandom() {
        int[] bayesian = new int[SEEDS], random = new int[SEEDS];
        double bayesianMean = meanTrials(space(), BayesianSearch.builder().candidates(500).build(), bayesian);
        double randomMean = meanTrials(space(), SearchStrategy.random(), random);
        String report = "trials to the optimum (at most " + MAX_TRIALS + ", " + (MAX_TRIALS + 1) + ": not found),"
                + " mean over " + SEEDS + " seeds:\n  GP-EI:  " + bayesianMean + " " + Arrays.toString(bayesian)
                + "\n  random: " + randomMean + " " + Arrays.toString(random);
        System.out.println(report);
        assertTrue(bayesianMean < randomMean, report);
        assertTrue(Arrays.stream(bayesian).filter(n -> n <= MAX_TRIALS).count() > SEEDS / 2,
                "GP-EI finds the optimum on most seeds: " + report);
    }

    @Test
    void theSameSeedGivesTheSameTrials() {
        SearchStrategy gp = BayesianSearch.builder().candidates(200).build();
        SearchResult a = search(space(), gp, 5), b = search(space(), gp, 5);
        assertEquals(a.trials().stream().map(Trial::configuration).toList(),
                b.trials().stream().map(Trial::configuration).toList());
        SearchResult tpeA = search(space(), SearchStrategy.tpe(), 5);
        SearchResult tpeB = search(space(), SearchStrategy.tpe(), 5);
        assertEquals(tpeA.trials().stream().map(Trial::configuration).toList(),
                tpeB.trials().stream().map(Trial::configuration).toList());
    }
}
