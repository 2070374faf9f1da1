package io.jgrad.select.benchmark;

import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SearchTuner;
import io.jgrad.select.SelectionReport;
import io.jgrad.select.Selector;
import io.jgrad.select.Tuner;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.search.BudgetedHalving;
import io.jgrad.select.search.Configuration;
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
 * configuration, then tunes the leader (and the runner-up too when the paired comparison cannot separate them, each
 * with half the compute: {@link Selector.Builder#tunedFamilies}) within what is left of a fifth of the grid's
 * compute: by default with budgeted successive halving ({@link SearchTuner#budgeted}, many configurations screened
 * with few epochs), or with Bayesian optimisation (GP, expected improvement) for as many full-length trials as fit.
 * Compute is counted in trial-epochs, each evaluation's epoch limit summed, for a configuration the selector's
 * successive halving promotes and resumes only the epochs the promotion adds (the folds are the same on both sides,
 * and early stopping is not credited to either). The selector runs twice to show its figures repeat.
 *
 * <pre>
 * java ... io.jgrad.select.benchmark.GridComparison breast_cancer 1
 * java ... io.jgrad.select.benchmark.GridComparison fashion10k 1 mlp
 * java ... io.jgrad.select.benchmark.GridComparison fashion10k 1 all selector
 * java ... io.jgrad.select.benchmark.GridComparison wine 1 all selector bayesian
 * java ... io.jgrad.select.benchmark.GridComparison wine 1 all selector halving --min-resource 10
 * </pre>
 *
 * <p>A fourth argument, {@code grid} or {@code selector}, runs one side only (the grid's figures depend only on the
 * data, the seed and the spaces, so a long grid need not be repeated when only the selector changed); a fifth,
 * {@code halving} (the default) or {@code bayesian}, the selector's tuning step. {@code --test-top 5} anywhere adds an
 * analysis after the grid that changes no choice: its 5 best configurations by validation score, each fitted and
 * tested as the grid's best is ({@link TopConfigurations}), to show how far apart on test configurations land that
 * validation cannot tell apart. {@code --min-resource 10} anywhere sets budgeted halving's minimum resource (default
 * {@value BudgetedHalving#DEFAULT_MIN_RESOURCE} epochs; 10 leaves the tables' 30 epochs one halving and the images' 10
 * none).
 */
public final class GridComparison {
    /** The option that asks for {@link TopConfigurations}: {@code --test-top 5}. */
    private static final String TEST_TOP = "--test-top";
    /** The option that sets budgeted halving's minimum resource in epochs: {@code --min-resource 10}. */
    private static final String MIN_RESOURCE = "--min-resource";

    private GridComparison() {}

    /**
     * One side's outcome.
     *
     * @param family      the chosen family
     * @param config      its hyperparameters
     * @param cv          its mean validation score
     * @param test        its test score
     * @param trialEpochs the compute: the epoch limits of every evaluation over the folds, summed
     * @param seconds     the wall-clock time
     */
    record Outcome(String family, String config, double cv, double test, long trialEpochs, double seconds) {}

    /**
     * Runs the comparison on the data set {@code args[0]} with seed {@code args[1]} (default 1), optionally only for
     * the families named in {@code args[2]} (comma-separated, e.g. {@code mlp}: a grid that fits the time at hand;
     * {@code all} for every family), optionally one side only ({@code args[3]}: {@code grid} or {@code selector}),
     * and optionally the selector's tuning ({@code args[4]}: {@code halving}, the default, or {@code bayesian});
     * {@code --test-top n} anywhere prints the grid's n best configurations fitted and tested.
     */
    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>(List.of(args));
        int testTop = Integer.parseInt(option(positional, TEST_TOP, "0"));
        double minResource = Double.parseDouble(option(positional, MIN_RESOURCE,
                Double.toString(BudgetedHalving.DEFAULT_MIN_RESOURCE)));
        args = positional.toArray(String[]::new);
        if (args.length < 1 || !BenchmarkData.NAMES.contains(args[0])) {
            System.err.println("usage: GridComparison <" + String.join("|", BenchmarkData.NAMES)
                    + "> [seed] [family,...|all] [grid|selector] [halving|bayesian] [" + TEST_TOP + " n] ["
                    + MIN_RESOURCE + " epochs]");
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
        String tuning = args.length > 4 ? args[4] : "halving";
        if (!List.of("halving", "bayesian").contains(tuning)) {
            throw new IllegalArgumentException("the selector's tuning is halving or bayesian, not " + tuning);
        }
        long gridSize = CoarseGrids.gridSize(families);
        int searchTrials = (int) (gridSize / 5) - families.size(); // full-length trials left of a fifth of the grid
        Tuner tuner = tuning.equals("halving") ? SearchTuner.budgeted(BudgetedHalving.of(3, minResource), searchTrials)
                : SearchTuner.of(SearchStrategy.bayesian(), searchTrials);
        System.out.printf(Locale.ROOT, "%s: %d examples, %s, %d epochs (patience %d), seed %d; grid %d configurations"
                        + " (%d trial-epochs), selector %d comparisons + %s%s%n", name, data.size(),
                resampling.describe(true), epochs, patience, seed, gridSize, gridSize * epochs, families.size(),
                tuner.name(), tuning.equals("halving")
                        ? ", no rung under " + Configuration.readable(minResource) + " epochs" : "");

        Outcome grid = null;
        if (!side.equals("selector")) {
            grid = fullGrid(data, families, resampling, epochs, patience, seed, testTop);
            print("grid", grid);
            if (side.equals("grid")) return;
        }
        Outcome first = selector(data, families, tuner, resampling, epochs, patience, seed);
        print("selector", first);
        Outcome second = selector(data, families, tuner, resampling, epochs, patience, seed);
        print("selector again", second);
        String repeats = repeats(first, second) ? "yes" : "NO";
        long gridEpochs = gridSize * epochs;
        if (grid == null) {
            System.out.printf(Locale.ROOT, "selector: %d of the grid's %d trial-epochs (%.2f%%), the same figures"
                    + " twice: %s%n", first.trialEpochs(), gridEpochs, 100.0 * first.trialEpochs() / gridEpochs,
                    repeats);
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.2f%% | %.4f | %.4f | %+.4f | %s | %.0f s | %.0f s |%n",
                name, seed, grid.test(), grid.cv(), 100.0 * first.trialEpochs() / grid.trialEpochs(), first.test(),
                first.cv(), first.test() - grid.test(), repeats, grid.seconds(), first.seconds());
    }

    /** Removes {@code name} and the value after it from {@code args} and returns the value, or {@code fallback}. */
    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0) return fallback;
        if (at + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
        String value = args.remove(at + 1);
        args.remove(at);
        return value;
    }

    private static boolean repeats(Outcome first, Outcome second) {
        return first.family().equals(second.family()) && first.config().equals(second.config())
                && first.cv() == second.cv() && first.test() == second.test();
    }

    /**
     * Every configuration of every family over the folds; the best by validation score, tested once. With
     * {@code testTop} above 0, the {@code testTop} best are then fitted and tested too and their figures printed
     * ({@link TopConfigurations}: analysis only, after the grid's time is taken).
     */
    private static Outcome fullGrid(PreparedData data, List<CandidateFamily> families, Resampling resampling,
                                    int epochs, int patience, long seed, int testTop) {
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
        Outcome outcome = new Outcome(best.chosenFamily(), best.chosenConfig().toString(), best.chosen().mean(),
                best.testScore(), evaluations * epochs, (System.nanoTime() - start) / 1e9);
        if (testTop > 0) {
            TopConfigurations.fitAndTest(data, TopConfigurations.best(families, perFamily, testTop), resampling, epochs,
                    patience, seed);
        }
        return outcome;
    }

    /** The selector with {@code tuner} as its step 4. */
    private static Outcome selector(PreparedData data, List<CandidateFamily> families, Tuner tuner,
                                   Resampling resampling, int epochs, int patience, long seed) {
        SelectionReport r = Selector.builder().resampling(resampling).training(epochs, patience).seed(seed)
                .families(m -> families).tuner(tuner).build().select(data).report();
        if (r.leaderboard().size() > 1) { // step 3's test of the two best defaults, which decided who step 4 tunes
            System.out.println("step 3: " + PairedComparison.of(r.leaderboard().get(0), r.leaderboard().get(1),
                    r.metric(), resampling, seed).verdict());
        }
        System.out.println("step 4: " + r.tuner());
        if (r.comparison() != null) System.out.println("chosen vs the best other family: " + r.comparison().verdict());
        long trialEpochs = (long) r.leaderboard().size() * epochs; // the comparison: every family's default
        for (var t : r.trials().subList(1, r.trials().size())) { // trial 1 is the leader's comparison; every
            // tuned family's searches follow (the other tuned family's default is counted with the comparison)
            trialEpochs += t.chargedEpochs(); // a promoted configuration is resumed: only the epochs it adds
        }
        return new Outcome(r.chosenFamily(), r.chosenConfig().toString(), r.chosen().mean(), r.testScore(),
                trialEpochs, r.seconds());
    }

    private static void print(String side, Outcome o) {
        System.out.printf(Locale.ROOT, "%-14s %s (%s): validation %.4f, test %.4f, %d trial-epochs, %.0f s%n", side,
                o.family(), o.config(), o.cv(), o.test(), o.trialEpochs(), o.seconds());
    }
}
