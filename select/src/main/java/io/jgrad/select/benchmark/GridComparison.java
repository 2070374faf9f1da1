package io.jgrad.select.benchmark;

import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Selector;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.search.SearchStrategy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The selector against a full grid over the same space, on real data: the target "within 1 point of the
 * best candidate a full grid finds, with at most 1/5 of the grid's trial-epochs, reproducible from the seed".
 *
 * <p>Both sides use the {@link CoarseGrids coarse spaces}, the same test split and folds (from the seed), the same
 * epoch limit and early stopping, and both choose on cross-validation (holdout validation for images) only; each
 * final model is trained on train+validation and tested once. The grid evaluates every configuration of every
 * family (one {@link Selector} run per family with a grid search); the selector compares every family's default
 * configuration, then searches the leader with Bayesian optimisation (GP, expected improvement) for as many trials
 * as keep its total at a fifth of the grid's. Compute is counted in trial-epochs: evaluations times the epoch limit
 * (the fold count is the same on both sides). The selector runs twice to show its figures repeat.
 *
 * <pre>
 * java ... io.jgrad.select.benchmark.GridComparison breast_cancer 1
 * java ... io.jgrad.select.benchmark.GridComparison fashion10k 1 mlp
 * java ... io.jgrad.select.benchmark.GridComparison fashion10k 1 all selector
 * </pre>
 *
 * <p>A fourth argument, {@code grid} or {@code selector}, runs one side only (the grid's figures depend only on the
 * data, the seed and the spaces, so a long grid need not be repeated when only the selector changed).
 */
public final class GridComparison {
    private GridComparison() {}

    /**
     * One side's outcome.
     *
     * @param family      the chosen family
     * @param config      its hyperparameters
     * @param cv          its mean validation score
     * @param test        its test score
     * @param evaluations the configurations evaluated over the folds
     * @param seconds     the wall-clock time
     */
    record Outcome(String family, String config, double cv, double test, long evaluations, double seconds) {}

    /**
     * Runs the comparison on the data set {@code args[0]} with seed {@code args[1]} (default 1), optionally only for
     * the families named in {@code args[2]} (comma-separated, e.g. {@code mlp}: a grid that fits the time at hand;
     * {@code all} for every family), and optionally one side only ({@code args[3]}: {@code grid} or {@code selector}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || !BenchmarkData.NAMES.contains(args[0])) {
            System.err.println("usage: GridComparison <" + String.join("|", BenchmarkData.NAMES)
                    + "> [seed] [family,...|all] [grid|selector]");
            System.exit(2);
        }
        String name = args[0];
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        PreparedData data = BenchmarkData.load(name);
        boolean images = data.profile().modality() == Modality.IMAGES;
        Resampling resampling = images ? Resampling.holdout(0.25) : Resampling.kFold(5);
        int epochs = images ? 10 : 30, patience = images ? 3 : 5;
        List<CandidateFamily> families = CoarseGrids.forModality(data.profile().modality());
        String side = args.length > 3 ? args[3] : "both";
        if (!List.of("both", "grid", "selector").contains(side)) {
            throw new IllegalArgumentException("the side to run is grid or selector, not " + side);
        }
        if (args.length > 2 && !args[2].equals("all")) {
            List<String> keep = List.of(args[2].split(","));
            families = families.stream().filter(f -> keep.contains(f.name())).toList();
            if (families.isEmpty()) throw new IllegalArgumentException("no coarse family is called " + keep);
        }
        long gridSize = CoarseGrids.gridSize(families);
        int searchTrials = (int) (gridSize / 5) - families.size();
        System.out.printf(Locale.ROOT, "%s: %d examples, %s, %d epochs (patience %d), seed %d; grid %d configurations,"
                        + " selector %d comparisons + %d search trials%n", name, data.size(), resampling.describe(true),
                epochs, patience, seed, gridSize, families.size(), searchTrials);

        Outcome grid = null;
        if (!side.equals("selector")) {
            grid = fullGrid(data, families, resampling, epochs, patience, seed);
            print("grid", grid, epochs);
            if (side.equals("grid")) return;
        }
        Outcome first = selector(data, families, searchTrials, resampling, epochs, patience, seed);
        print("selector", first, epochs);
        Outcome second = selector(data, families, searchTrials, resampling, epochs, patience, seed);
        print("selector again", second, epochs);
        String repeats = repeats(first, second) ? "yes" : "NO";
        if (grid == null) {
            System.out.printf(Locale.ROOT, "selector: %d of the grid's %d evaluations (%.2f%%), the same figures twice:"
                    + " %s%n", first.evaluations(), gridSize, 100.0 * first.evaluations() / gridSize, repeats);
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.2f%% | %.4f | %.4f | %+.4f | %s | %.0f s | %.0f s |%n",
                name, seed, grid.test(), grid.cv(), 100.0 * first.evaluations() / grid.evaluations(), first.test(),
                first.cv(), first.test() - grid.test(), repeats, grid.seconds(), first.seconds());
    }

    private static boolean repeats(Outcome first, Outcome second) {
        return first.family().equals(second.family()) && first.config().equals(second.config())
                && first.cv() == second.cv() && first.test() == second.test();
    }

    /** Every configuration of every family over the folds; the best by validation score, tested once. */
    private static Outcome fullGrid(PreparedData data, List<CandidateFamily> families, Resampling resampling,
                                    int epochs, int patience, long seed) {
        long start = System.nanoTime();
        List<SelectionReport> perFamily = new ArrayList<>();
        long evaluations = 0;
        for (CandidateFamily f : families) {
            int size = (int) f.space().gridSize();
            perFamily.add(Selector.builder().resampling(resampling).training(epochs, patience).seed(seed)
                    .families(m -> List.of(f)).search(SearchStrategy.grid(1), size).build().select(data).report());
            evaluations += size;
        }
        SelectionReport best = perFamily.getFirst();
        for (SelectionReport r : perFamily) {
            if (r.metric().better(r.chosen().mean(), best.chosen().mean())) best = r;
        }
        return new Outcome(best.chosenFamily(), best.chosenConfig().toString(), best.chosen().mean(),
                best.testScore(), evaluations, (System.nanoTime() - start) / 1e9);
    }

    /** The selector with a Bayesian search of {@code trials} trials after its comparison. */
    private static Outcome selector(PreparedData data, List<CandidateFamily> families, int trials,
                                   Resampling resampling, int epochs, int patience, long seed) {
        SelectionReport r = Selector.builder().resampling(resampling).training(epochs, patience).seed(seed)
                .families(m -> families).search(SearchStrategy.bayesian(), trials).build().select(data).report();
        long evaluations = r.leaderboard().size() + r.trials().size() - 1; // trial 1 is the leader's comparison
        return new Outcome(r.chosenFamily(), r.chosenConfig().toString(), r.chosen().mean(), r.testScore(),
                evaluations, r.seconds());
    }

    private static void print(String side, Outcome o, int epochs) {
        System.out.printf(Locale.ROOT, "%-14s %s (%s): validation %.4f, test %.4f, %d evaluations = %d trial-epochs,"
                + " %.0f s%n", side, o.family(), o.config(), o.cv(), o.test(), o.evaluations(),
                o.evaluations() * epochs, o.seconds());
    }
}
