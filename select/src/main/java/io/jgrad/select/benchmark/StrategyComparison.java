package io.jgrad.select.benchmark;

import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Selector;
import io.jgrad.select.Trial;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.compare.Stats;
import io.jgrad.select.search.SearchStrategy;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Bayesian optimisation (GP, expected improvement) against random search at equal trial counts on a real task: a
 * family's full space (the MLP's depth, width, dropout, batch norm, log-scale learning rate and batch size by default;
 * or the linear model's learning rate and batch size) on a data set of {@link BenchmarkData}, scored on a holdout
 * validation split; per seed, both strategies see the same split, and the figure is the best validation score among
 * the search's trials (the default configuration left out). Prints every seed's figures and the means.
 *
 * <pre>
 * java ... io.jgrad.select.benchmark.StrategyComparison digits 12 5
 * java ... io.jgrad.select.benchmark.StrategyComparison digits 12 5 linear
 * </pre>
 */
public final class StrategyComparison {
    private StrategyComparison() {}

    /**
     * Runs {@code args[0]} (a data set), {@code args[1]} trials per search, seeds 1..{@code args[2]}, the family
     * {@code args[3]} ({@code mlp}, the default, or {@code linear}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !BenchmarkData.NAMES.contains(args[0])) {
            System.err.println("usage: StrategyComparison <" + String.join("|", BenchmarkData.NAMES)
                    + "> <trials> <seeds> [mlp|linear]");
            System.exit(2);
        }
        PreparedData data = BenchmarkData.load(args[0]);
        int trials = Integer.parseInt(args[1]), seeds = Integer.parseInt(args[2]);
        CandidateFamily family = switch (args.length > 3 ? args[3] : "mlp") {
            case "mlp" -> new MlpFamily();
            case "linear" -> new LinearFamily();
            default -> throw new IllegalArgumentException("family '" + args[3] + "': use mlp or linear");
        };
        double[] bayes = new double[seeds], random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            bayes[s] = bestOfSearch(data, family, SearchStrategy.bayesian(), trials, s + 1);
            random[s] = bestOfSearch(data, family, SearchStrategy.random(), trials, s + 1);
            System.out.printf(Locale.ROOT, "seed %d: bayesian %.4f, random %.4f%n", s + 1, bayes[s], random[s]);
        }
        System.out.printf(Locale.ROOT, "%s, %s, %d trials, %d seeds: bayesian %.4f +- %.4f, random %.4f +- %.4f%n",
                args[0], family.name(), trials, seeds, Stats.mean(bayes), Stats.std(bayes), Stats.mean(random),
                Stats.std(random));
    }

    private static double bestOfSearch(PreparedData data, CandidateFamily family, SearchStrategy strategy, int trials,
                                       long seed) {
        SelectionReport r = Selector.builder().resampling(Resampling.holdout(0.25)).training(20, 4).seed(seed)
                .families(m -> List.of(family)).search(strategy, trials).build().select(data).report();
        List<Trial> searched = r.trials().subList(1, r.trials().size());
        return searched.stream().filter(Trial::succeeded).mapToDouble(Trial::score).max().orElse(Double.NaN);
    }
}
