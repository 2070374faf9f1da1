package io.jgrad.select;

import io.jgrad.Tensor;
import io.jgrad.data.Splits;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.CandidateRecipe;
import io.jgrad.select.candidates.CostEstimate;
import io.jgrad.select.candidates.Dropped;
import io.jgrad.select.candidates.Families;
import io.jgrad.select.candidates.FeatureEncoding;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.PreScreen;
import io.jgrad.select.candidates.Screened;
import io.jgrad.select.candidates.ScreeningPlan;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.CandidateTraining;
import io.jgrad.select.compare.CrossValidation;
import io.jgrad.select.compare.CrossValidationRun;
import io.jgrad.select.compare.Evaluation;
import io.jgrad.select.compare.FittedModel;
import io.jgrad.select.compare.Fold;
import io.jgrad.select.compare.PairedComparison;
import io.jgrad.select.compare.Resampling;
import io.jgrad.select.compare.TrainingSettings;
import io.jgrad.select.search.SearchStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Steps 2 to 4 of the method on prepared data, and the result: holds out a test split (stratified for
 * classification), pre-screens the modality's candidate families under the {@link Budget}, compares the survivors
 * with (stratified) k-fold cross-validation on the rest, tunes the leader (see below) with the {@link Tuner} (by
 * default a Bayesian search, {@link SearchTuner}), trains the chosen configuration on train+validation and evaluates
 * it once on the test split.
 *
 * <p>When the comparison does not separate the leader from the runner-up (the paired comparison is not significant at
 * 5 %: the corrected resampled t-test over the folds, or on a single validation split the paired bootstrap over its
 * examples, {@link PairedComparison#of(CandidateResult, CandidateResult, SelectionMetric, Resampling, long)}), step 4
 * tunes both ({@link Builder#tunedFamilies}: at most 2 families by default) within the tuner's compute, and keeps the
 * configuration with the best mean validation score: a default that leads by less than the folds' noise says little
 * about which family tunes best, and a fixed total compute keeps the cost the same. A tuner that can
 * ({@link Tuner#tuneJointly}: budgeted successive halving) searches the families' spaces together, so that its rungs
 * promote the best configurations whichever family they belong to; any other gives each family an equal share
 * ({@link Tuner#share}).
 *
 * <pre>{@code
 * Selection s = Selector.builder().budget(Budget.of(Duration.ofMinutes(10))).metric("f1_macro").seed(7).build()
 *         .select(preparedData);
 * s.save(Path.of("out"));                 // model.safetensors, report.md, report.html, report.json
 * System.out.println(s.report().testLine());
 * }</pre>
 *
 * <p>The same seed and data give the same report figures, as long as the budget does not bind: a candidate dropped
 * for time depends on measured speed.
 */
public final class Selector {
    private final Budget budget;
    private final SelectionMetric metric;
    private final long seed;
    private final Resampling resampling;
    private final double testFraction;
    private final TrainingSettings training;
    private final int probeSteps;
    private final Tuner tuner;
    private final int tunedFamilies;
    private final Function<Modality, List<CandidateFamily>> families;
    private final Consumer<String> progress;

    private Selector(Builder b) {
        this.budget = b.budget;
        this.metric = b.metric;
        this.seed = b.seed;
        this.resampling = b.resampling;
        this.testFraction = b.testFraction;
        this.training = b.training;
        this.probeSteps = b.probeSteps;
        this.tuner = b.tuner;
        this.tunedFamilies = b.tunedFamilies;
        this.families = b.families;
        this.progress = b.progress;
    }

    /** A selector with the defaults: no limits, the task's default metric, seed 0, stratified 5-fold CV. */
    public static Builder builder() { return new Builder(); }

    /**
     * Runs the selection on {@code data}.
     *
     * @throws IllegalArgumentException when the metric does not suit the task or the data is too small to split
     * @throws SelectionException       when no candidate fits the budget, saying which limit to raise
     */
    public Selection select(PreparedData data) {
        long start = System.nanoTime();
        TaskProfile profile = data.profile();
        SelectionMetric m = metric != null ? metric : SelectionMetric.defaultFor(profile.task());
        m.requireSuits(profile.task());
        long[] labels = labels(data);
        Splits.Indices split = testSplit(data, labels);
        int[] development = split.train(), test = split.test();
        if (test.length == 0) {
            throw new IllegalArgumentException("select: " + data.size() + " examples leave no test rows at test"
                    + " fraction " + testFraction + ": use more data or a larger test fraction");
        }
        List<Fold> folds = resampling.split(development, labels, seed);
        String resamplingText = resampling.describe(labels != null);
        progress.accept(String.format(Locale.ROOT, "[1/4] data: %s %s, %d examples (%d for development, %d held out"
                + " for test), %s", profile.modality().name().toLowerCase(Locale.ROOT),
                profile.task().name().toLowerCase(Locale.ROOT).replace('_', ' '), data.size(), development.length,
                test.length, resamplingText));

        PreScreen.Result screen = screen(data, development, folds, start);
        Comparison compared = compare(screen, data, folds, m, start);
        List<CandidateResult> contenders = contenders(compared.leaderboard(), m, resampling, seed, tunedFamilies);
        Tuning tuned = tune(contenders, compared, data, folds, m, start);
        CandidateResult chosen = tuned.best();
        CandidateFamily family = compared.family(chosen);
        List<LeaderboardRow> rows = LeaderboardRow.of(compared.leaderboard(), chosen, m);
        LeaderboardRow runnerUp = LeaderboardRow.runnerUp(rows);
        PairedComparison comparison = runnerUp == null ? null
                : PairedComparison.of(chosen, runnerUp.result(), m, resampling, seed)
                        .named(LeaderboardRow.chosen(rows).label(), runnerUp.label());
        if (comparison != null) progress.accept("      " + comparison.verdict());

        // The chosen configuration on train+validation for the folds' mean best epoch count, tested once.
        FeatureEncoding encoding = family.encoding(chosen.config());
        Tensor inputs = encoding.apply(data.inputs());
        Tensor devRows = CrossValidation.rows(development), testRows = CrossValidation.rows(test);
        int epochs = chosen.meanBestEpoch();
        FittedModel fitted = CandidateTraining.fit(family, profile, chosen.config(), inputs.indexSelect(0, devRows),
                data.targets().indexSelect(0, devRows), null, null, new TrainingSettings(epochs, 1), seed);
        Tensor yTest = data.targets().indexSelect(0, testRows);
        Evaluation testEvaluation = Evaluation.of(profile, fitted.predict(inputs.indexSelect(0, testRows)), yTest);
        progress.accept(String.format(Locale.ROOT, "chosen: %s (%s), trained on train+validation for %d epochs",
                chosen.family(), chosen.config(), epochs));

        SelectionReport report = new SelectionReport(profile, m, seed, budget, resamplingText, development.length,
                test.length, compared.screened(), compared.dropped(), compared.leaderboard(), comparison,
                tuned.tuner(), tuned.trials(), chosen, encoding.describe(), fitted.history(), testEvaluation,
                (System.nanoTime() - start) / 1e9);
        return new Selection(report, fitted, encoding, data.preprocessing(), data.encoding());
    }

    /**
     * The rows {@link #select} develops on (all but the test rows it holds out), in increasing order: analyse the data
     * again fitting the preprocessing on these rows only ({@link io.jgrad.select.analyse.AnalysisOptions#withFitRows})
     * and no statistic of the test rows reaches the model. The split depends only on the targets, the test fraction
     * and the seed, so it is the same for both analyses.
     */
    public int[] developmentRows(PreparedData data) {
        int[] rows = testSplit(data, labels(data)).train().clone();
        Arrays.sort(rows);
        return rows;
    }

    /** The test rows held out (stratified by {@code labels} for classification, null else); the rest in {@code train}. */
    private Splits.Indices testSplit(PreparedData data, long[] labels) {
        return labels != null ? Splits.stratified(labels, 0, testFraction, seed)
                : Splits.random(data.size(), 0, testFraction, seed);
    }

    /** The class indices of a classification task's examples, or null for regression. */
    private static long[] labels(PreparedData data) {
        return data.profile().task().isClassification() ? data.targets().reshape(-1).toLongArray() : null;
    }

    /** Step 2: the modality's families pre-screened under the budget. */
    private PreScreen.Result screen(PreparedData data, int[] development, List<Fold> folds, long start) {
        int trainRows = folds.getFirst().train().length;
        ScreeningPlan plan = new ScreeningPlan(trainRows, folds.size() + 1, training.maxEpochs(), probeSteps);
        PreScreen.Result screen = PreScreen.run(families.apply(data.profile().modality()), data, development, budget,
                () -> timeLeft(start), plan, seed);
        progress.accept("[2/4] pre-screen: " + screen.survivors().size() + " candidate(s) fit the budget, "
                + screen.dropped().size() + " dropped");
        for (Dropped d : screen.dropped()) progress.accept("      dropped " + d.family() + ": " + d.reason());
        if (screen.survivors().isEmpty()) throw noCandidate("no candidate fits the budget:", screen.dropped());
        return screen;
    }

    /**
     * Step 3's outcome.
     *
     * @param screened    the families compared
     * @param dropped     the families left out by the pre-screen and the comparison
     * @param leaderboard the compared candidates, best first
     */
    private record Comparison(List<Screened> screened, List<Dropped> dropped, List<CandidateResult> leaderboard) {
        CandidateFamily family(CandidateResult result) {
            return screened.stream().map(Screened::family).filter(f -> f.name().equals(result.family())).findFirst()
                    .orElseThrow();
        }
    }

    /**
     * Step 3: every survivor's default configuration over the folds, while the wall-clock budget lasts (the first is
     * always compared); a candidate whose training fails is dropped with the reason.
     */
    private Comparison compare(PreScreen.Result screen, PreparedData data, List<Fold> folds, SelectionMetric m,
                               long start) {
        List<Dropped> dropped = new ArrayList<>(screen.dropped());
        List<CandidateResult> leaderboard = new ArrayList<>();
        List<Screened> compared = new ArrayList<>();
        double estimated = 0, actual = 0; // the probes' estimates against the measured times, to rescale them
        for (Screened s : screen.survivors()) {
            double left = timeLeft(start).toNanos() / 1e9;
            double needed = s.estimatedSeconds() * (estimated > 0 ? actual / estimated : 1);
            if (!leaderboard.isEmpty() && needed > left) {
                dropped.add(new Dropped(s.family().name(), s.family().description(), Dropped.Kind.OVER_BUDGET,
                        "the wall-clock budget ran short before its comparison (about "
                                + Budget.readableSeconds(needed) + " needed, " + Budget.readableSeconds(left)
                                + " left): raise the budget's time",
                        s.cost(), s.probe()));
                continue;
            }
            CandidateResult r;
            try {
                r = CrossValidation.evaluate(s.family(), s.config(), data, folds, m, training, seed);
            } catch (RuntimeException e) { // e.g. a loss that is not finite: the others are still compared
                dropped.add(new Dropped(s.family().name(), s.family().description(), Dropped.Kind.FAILED,
                        "training failed: " + e.getMessage(), s.cost(), s.probe()));
                progress.accept("      " + s.family().name() + " failed: " + e.getMessage());
                continue;
            }
            estimated += s.estimatedSeconds();
            actual += r.seconds();
            progress.accept(String.format(Locale.ROOT, "[3/4] %-14s %s %.4f ± %.4f (%d folds, %.1f s)",
                    s.family().name(), m.key(), r.mean(), r.std(), r.folds().size(), r.seconds()));
            leaderboard.add(r);
            compared.add(s);
        }
        if (leaderboard.isEmpty()) throw noCandidate("no candidate could be trained:", dropped);
        leaderboard.sort(byScore(m));
        return new Comparison(compared, dropped, leaderboard);
    }

    /**
     * Step 4's families: the comparison's leader and, up to {@code max} families in all, each other family (in the
     * leaderboard's order) whose default the paired comparison the report shows does not find significantly worse
     * than the leader's at the 5 % level: the corrected resampled t-test over k folds, the paired bootstrap over the
     * validation examples of a single split, its resamples drawn from {@code seed} ({@link PairedComparison#of(
     * CandidateResult, CandidateResult, SelectionMetric, Resampling, long)}). A family without a defined mean score
     * is never one.
     */
    static List<CandidateResult> contenders(List<CandidateResult> leaderboard, SelectionMetric m,
                                            Resampling resampling, long seed, int max) {
        CandidateResult leader = leaderboard.getFirst();
        List<CandidateResult> contenders = new ArrayList<>(List.of(leader));
        for (CandidateResult r : leaderboard.subList(1, leaderboard.size())) {
            if (contenders.size() >= max) break;
            if (!Double.isNaN(r.mean()) && !PairedComparison.of(leader, r, m, resampling, seed).significant()) {
                contenders.add(r);
            }
        }
        return contenders;
    }

    /**
     * Step 4's outcome.
     *
     * @param best   the best configuration over every tuned family, by its mean validation score
     * @param trials the leader's default as trial 1, then every family's search trials in the contenders' order
     * @param tuner  what tuned them, for the report
     */
    private record Tuning(CandidateResult best, List<Trial> trials, String tuner) {}

    /**
     * Step 4: the contenders tuned together when the tuner can ({@link Tuner#tuneJointly}), with the wall-clock time
     * left (less one training run for the final fit); else each in turn with an equal share of the tuner's compute
     * ({@link Tuner#share}) and of the wall-clock time left (less one training run for the final fit); the best of all
     * by mean validation score, the earlier contender on a tie, so the test split plays no part.
     */
    private Tuning tune(List<CandidateResult> contenders, Comparison compared, PreparedData data, List<Fold> folds,
                        SelectionMetric m, long start) {
        int n = contenders.size();
        double slowest = contenders.stream().mapToDouble(CandidateResult::seconds).max().orElseThrow();
        Duration finalFit = Duration.ofNanos((long) (slowest / folds.size() * 1e9));
        List<String> names = contenders.stream().map(CandidateResult::family).toList();
        if (n > 1) {
            Duration time = timeLeft(start).minus(finalFit);
            List<Tuner.Request> requests = contenders.stream().map(c -> {
                CandidateFamily family = compared.family(c);
                return new Tuner.Request(family, c, objective(family, data, folds, m), m, time, seed);
            }).toList();
            Optional<Tuner.Result> joint = tuner.tuneJointly(requests);
            if (joint.isPresent()) {
                Tuner.Result r = joint.get();
                progress.accept(String.format(Locale.ROOT, "[4/4] tuned %s together with %s: %d trial(s), best %s"
                        + " %.4f (%s %s)", String.join(", ", names), tuner.name(), r.trials().size(), m.key(),
                        r.best().mean(), r.best().family(), r.best().config()));
                return new Tuning(r.best(), r.trials(), tuner.name() + " over the configurations of " + n
                        + " families together (" + String.join(", ", names)
                        + ": the comparison could not separate them)");
            }
        }
        Tuner each = n == 1 ? tuner : tuner.share(1.0 / n);
        List<Trial> trials = new ArrayList<>();
        CandidateResult best = null;
        for (int i = 0; i < n; i++) {
            CandidateResult baseline = contenders.get(i);
            CandidateFamily family = compared.family(baseline);
            Duration time = timeLeft(start).minus(finalFit).dividedBy(n - i);
            Tuner.Result r = each.tune(new Tuner.Request(family, baseline, objective(family, data, folds, m), m, time,
                    seed));
            // Trial 1 of each result is its family's default, already in the comparison: kept for the leader only.
            for (Trial t : i == 0 ? r.trials() : r.trials().subList(1, r.trials().size())) {
                trials.add(new Trial(trials.size() + 1, t.config(), t.epochs(), t.chargedEpochs(), t.score(),
                        t.failure(), t.seconds()));
            }
            progress.accept(String.format(Locale.ROOT, "[4/4] tuned %s with %s: %d trial(s), best %s %.4f (%s)",
                    family.name(), each.name(), r.trials().size(), m.key(), r.best().mean(), r.best().config()));
            if (best == null || Double.isNaN(best.mean()) || m.better(r.best().mean(), best.mean())) best = r.best();
        }
        String name = n == 1 ? tuner.name() : each.name() + " on each of " + n + " families ("
                + String.join(", ", names) + ": the comparison could not separate them), 1/" + n + " of "
                + tuner.name() + " each";
        return new Tuning(best, trials, name);
    }

    private Tuner.Objective objective(CandidateFamily family, PreparedData data, List<Fold> folds, SelectionMetric m) {
        return new Tuner.Objective() {
            @Override
            public CrossValidationRun start(Hyperparameters config) {
                family.space().check(config);
                return new CrossValidationRun(family, config, data, folds, m, training.patience(), seed);
            }

            @Override
            public int maxEpochs() { return training.maxEpochs(); }

            @Override
            public Optional<String> overBudget(Hyperparameters config) {
                var model = CandidateRecipe.build(family, data.profile(), config, seed);
                var encoding = family.encoding(config);
                var shape = encoding.encodedShape(data.profile().inputShape());
                var type = encoding.encodedType(data.inputs().dtype());
                return PreScreen.exceedsModelLimits(CostEstimate.of(model, shape, type,
                        config.intValue("batch_size")), budget);
            }
        };
    }

    /** Best mean first; a NaN mean (a fold without a defined score) last. */
    private static Comparator<CandidateResult> byScore(SelectionMetric m) {
        Comparator<CandidateResult> ascending = Comparator.comparingDouble(CandidateResult::mean);
        return Comparator.<CandidateResult, Boolean>comparing(r -> Double.isNaN(r.mean()))
                .thenComparing(m.higherIsBetter() ? ascending.reversed() : ascending);
    }

    private Duration timeLeft(long start) {
        return budget.wallClock().minusNanos(System.nanoTime() - start);
    }

    private static SelectionException noCandidate(String what, List<Dropped> dropped) {
        StringBuilder sb = new StringBuilder(what);
        for (Dropped d : dropped) sb.append("\n  ").append(d.family()).append(": ").append(d.reason());
        return new SelectionException(sb.append("\nchange what the reasons say and run again").toString());
    }

    /** Sets up a {@link Selector}. */
    public static final class Builder {
        private Budget budget = Budget.unlimited();
        private SelectionMetric metric;
        private long seed;
        private Resampling resampling = Resampling.kFold(5);
        private double testFraction = 0.2;
        private TrainingSettings training = new TrainingSettings(50, 5);
        private int probeSteps = 5;
        private Tuner tuner = SearchTuner.bayesian();
        private int tunedFamilies = 2;
        private Function<Modality, List<CandidateFamily>> families = Families::forModality;
        private Consumer<String> progress = line -> { };

        private Builder() {}

        /** The resource limits (default: none). */
        public Builder budget(Budget b) {
            budget = Objects.requireNonNull(b, "budget");
            return this;
        }

        /** The metric to rank by (default: f1_macro for classification, r2 for regression). */
        public Builder metric(SelectionMetric m) {
            metric = Objects.requireNonNull(m, "metric");
            return this;
        }

        /** The metric by name ({@link SelectionMetric#parse}: a bad name lists the valid ones). */
        public Builder metric(String name) { return metric(SelectionMetric.parse(name)); }

        /** The seed of every split, initialisation and shuffle (default 0). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** How candidates are compared (default: 5-fold cross-validation, stratified for classification). */
        public Builder resampling(Resampling r) {
            resampling = Objects.requireNonNull(r, "resampling");
            return this;
        }

        /** The share of the data held out for the final test (default 0.2). */
        public Builder testFraction(double f) {
            if (!(f > 0 && f < 1)) throw new IllegalArgumentException("testFraction must be in (0, 1), got " + f);
            testFraction = f;
            return this;
        }

        /** The epoch limit and early-stopping patience of every training run (default 50 epochs, patience 5). */
        public Builder training(int maxEpochs, int patience) {
            training = new TrainingSettings(maxEpochs, patience);
            return this;
        }

        /** Timed training steps per candidate in the pre-screen's probe, after 4 times as many warm-ups (default 5). */
        public Builder probeSteps(int steps) {
            if (steps < 1) throw new IllegalArgumentException("probeSteps must be >= 1, got " + steps);
            probeSteps = steps;
            return this;
        }

        /**
         * Step 4's tuner (default: {@link SearchTuner#bayesian()}, a Gaussian-process search of
         * {@value SearchTuner#DEFAULT_TRIALS} trials; {@link DefaultsTuner} skips the search).
         */
        public Builder tuner(Tuner t) {
            tuner = Objects.requireNonNull(t, "tuner");
            return this;
        }

        /**
         * Step 4 as a search with {@code strategy} and at most {@code trials} trials, e.g.
         * {@code search(SearchStrategy.hyperband(3), 40)}: shorthand for {@code tuner(SearchTuner.of(strategy,
         * trials))}.
         */
        public Builder search(SearchStrategy strategy, int trials) { return tuner(SearchTuner.of(strategy, trials)); }

        /**
         * The most families step 4 tunes (default 2): the comparison's leader and, while fewer than {@code max}, each
         * next family whose default the paired comparison cannot tell from the leader's at the 5 % level; the
         * tuner searches them together ({@link Tuner#tuneJointly}) or shares its compute equally among them
         * ({@link Tuner#share}), and the best validation score wins. 1 tunes the leader only. The default of 2 keeps a
         * shared search at least half the compute.
         */
        public Builder tunedFamilies(int max) {
            if (max < 1) throw new IllegalArgumentException("tunedFamilies must be >= 1, got " + max);
            tunedFamilies = max;
            return this;
        }

        /** The candidate families per modality (default: {@link Families#forModality}). */
        public Builder families(Function<Modality, List<CandidateFamily>> f) {
            families = Objects.requireNonNull(f, "families");
            return this;
        }

        /** Receives a line per phase and per candidate (default: nothing). */
        public Builder progress(Consumer<String> p) {
            progress = Objects.requireNonNull(p, "progress");
            return this;
        }

        /** The selector. */
        public Selector build() { return new Selector(this); }
    }
}
