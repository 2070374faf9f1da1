package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares search strategies at equal trial counts on a {@link BenchmarkFunction} with a known minimum: for each
 * seed, each strategy runs the same number of trials, and its regret is the best value found minus the minimum.
 * Reports the mean, standard deviation, median and range of the regret over the seeds, and every seed's figure.
 *
 * <p>Run: {@code java -cp ... io.jgrad.select.search.SearchBenchmark [function] [trials] [seeds] [batch size]},
 * e.g. {@code hartmann6 60 20} (defaults: {@code branin 30 20 1}).
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    /**
     * One strategy's regrets.
     *
     * @param strategy the strategy's name
     * @param regrets  the regret for each seed, in seed order
     */
    public record Regrets(String strategy, double[] regrets) {
        /** The mean regret. */
        public double mean() {
            return Arrays.stream(regrets).average().orElse(Double.NaN);
        }

        /** The sample standard deviation of the regret. */
        public double stddev() {
            double m = mean();
            double squares = Arrays.stream(regrets).map(r -> (r - m) * (r - m)).sum();
            return Math.sqrt(squares / Math.max(1, regrets.length - 1));
        }

        /** The median regret. */
        public double median() {
            double[] sorted = regrets.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        /** One line: mean ± sd, median, min–max. */
        public String summary() {
            return String.format(Locale.ROOT, "%-12s regret mean %.4g ± %.4g (sd), median %.4g, range %.4g .. %.4g",
                    strategy, mean(), stddev(), median(), Arrays.stream(regrets).min().orElse(Double.NaN),
                    Arrays.stream(regrets).max().orElse(Double.NaN));
        }
    }

    /**
     * The regret of each strategy for seeds {@code 0 .. seeds - 1}, each with {@code trials} trials proposed
     * {@code batchSize} at a time.
     */
    public static List<Regrets> compare(BenchmarkFunction function, List<SearchStrategy> strategies, int trials,
                                        int seeds, int batchSize) {
        List<Regrets> out = new ArrayList<>();
        for (SearchStrategy strategy : strategies) {
            double[] regrets = new double[seeds];
            for (int seed = 0; seed < seeds; seed++) {
                SearchResult r = HyperparameterSearch.over(function.space()).strategy(strategy)
                        .direction(Direction.MINIMIZE).seed(seed).batchSize(batchSize).maxTrials(trials)
                        .run((c, ctx) -> function.value(c));
                regrets[seed] = r.best().orElseThrow().score() - function.minimum();
            }
            out.add(new Regrets(strategy.name(), regrets));
        }
        return out;
    }

    /** Runs the comparison of Bayesian optimisation (GP-EI and TPE) and random search and prints it. */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "branin";
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        BenchmarkFunction function = BenchmarkFunction.named(name);
        long start = System.nanoTime();
        List<SearchStrategy> strategies = List.of(SearchStrategy.bayesian(), SearchStrategy.tpe(),
                SearchStrategy.random());
        List<Regrets> results = compare(function, strategies, trials, seeds, batchSize);
        System.out.printf(Locale.ROOT, "%s (minimum %.6g), %d trials each, seeds 0..%d, batch size %d:%n", name,
                function.minimum(), trials, seeds - 1, batchSize);
        for (Regrets r : results) {
            System.out.println("  " + r.summary());
        }
        for (Regrets r : results) {
            StringBuilder line = new StringBuilder("  " + r.strategy() + " per seed:");
            for (double v : r.regrets()) {
                line.append(String.format(Locale.ROOT, " %.3g", v));
            }
            System.out.println(line);
        }
        Regrets random = results.getLast();
        for (Regrets r : results.subList(0, results.size() - 1)) {
            int wins = 0;
            for (int s = 0; s < seeds; s++) {
                wins += r.regrets()[s] < random.regrets()[s] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "  %s better than random on %d of %d seeds%n", r.strategy(), wins, seeds);
        }
        System.out.printf(Locale.ROOT, "  %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
