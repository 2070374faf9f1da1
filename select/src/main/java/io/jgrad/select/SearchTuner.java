package io.jgrad.select;

import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.CrossValidationRun;
import io.jgrad.select.search.BudgetedHalving;
import io.jgrad.select.search.CategoricalParameter;
import io.jgrad.select.search.Configuration;
import io.jgrad.select.search.Direction;
import io.jgrad.select.search.HyperparameterSearch;
import io.jgrad.select.search.Parameter;
import io.jgrad.select.search.RealParameter;
import io.jgrad.select.search.SearchResult;
import io.jgrad.select.search.SearchSpace;
import io.jgrad.select.search.SearchStrategy;
import io.jgrad.select.search.TrialContext;
import io.jgrad.select.search.TrialFailedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Step 4 as a search: runs a {@link SearchStrategy} (Bayesian optimisation with a Gaussian process and expected
 * improvement by default) over a leading family's space, each trial cross-validated over the comparison's folds,
 * and keeps the best of the search and the family's default configuration. With budgeted successive halving it also
 * searches several families together, over the union of their spaces ({@link #tuneJointly}).
 *
 * <p>A trial trains at most the selection's epoch limit; under successive halving and Hyperband the epochs are the
 * resource, so the early rungs train fewer, and a configuration promoted from a rung of r epochs to one of R is
 * resumed where its earlier trial left each fold ({@link CrossValidationRun}: the same result as training R epochs
 * from scratch, bit for bit), so it trains only R - r epochs more. A search is bounded by its trial count
 * ({@link #of}) or by its compute ({@link #budgeted}: the trial-epochs of so many full-length trials, over the
 * comparison's folds, a trial of k epochs counting k, a promotion from r to R epochs counting R - r); budgeted
 * successive halving plans its rungs to that compute, counting promotions so. The search keeps the folds' training
 * state of a rung's trials until the next rung is chosen, then only that of the promoted ones: at most the models of
 * one rung, each with its optimizer state and early stopping's weights (about five times its parameters) per fold.
 * The leader's default configuration, evaluated by the comparison already, is passed to the search as known, so a
 * strategy that plans (budgeted halving) does not spend compute on it again. The search is seeded by the selection's
 * seed and stops at the trial limit or when the wall-clock time the budget leaves runs out (checked before each
 * trial). A configuration over the budget's parameter or memory limits, or whose training fails (a non-finite loss,
 * out of memory), is a failed trial with its reason; the search goes on.
 *
 * <p>Threads: trials run one at a time by default, because each trial's training already uses the CPU backend's
 * whole thread team; running several at once only oversubscribes the cores. {@link #threads(int)} runs that many
 * trials in parallel, which pays when the backend runs on few threads or the models are too small to use them.
 * The trials and scores do not depend on the thread count (a search proposes in batches and waits for each).
 */
public final class SearchTuner implements Tuner {
    /** The trial count when none is given. */
    public static final int DEFAULT_TRIALS = 20;

    /** The trial limit of a search bounded by its compute instead ({@link #budgeted}): in effect none. */
    private static final int UNLIMITED_TRIALS = 1_000_000;

    private final SearchStrategy strategy;
    private final int maxTrials;
    private final double fullTrials; // > 0: the compute of this many full-length trials bounds the search; 0: none
    private final int threads;

    private SearchTuner(SearchStrategy strategy, int maxTrials, double fullTrials, int threads) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (maxTrials < 1) throw new IllegalArgumentException("search: trials must be at least 1, got " + maxTrials);
        if (threads < 1) throw new IllegalArgumentException("search: threads must be at least 1, got " + threads);
        this.maxTrials = maxTrials;
        this.fullTrials = fullTrials;
        this.threads = threads;
    }

    /** Bayesian optimisation (Gaussian process, expected improvement) with {@value #DEFAULT_TRIALS} trials. */
    public static SearchTuner bayesian() { return of(SearchStrategy.bayesian(), DEFAULT_TRIALS); }

    /**
     * A search with {@code strategy} and at most {@code maxTrials} trials (the baseline, evaluated by the comparison
     * already, is not counted), one trial at a time.
     */
    public static SearchTuner of(SearchStrategy strategy, int maxTrials) {
        return new SearchTuner(strategy, maxTrials, 0, 1);
    }

    /**
     * A search bounded by its compute rather than its trial count: its trials may train at most {@code fullTrials}
     * times the selection's epoch limit in all (trial-epochs over the same folds; a trial of k epochs counts k, a
     * configuration promoted from r to k epochs, resumed, k - r), the compute of that many full-length trials,
     * however the strategy divides it. Meant for a strategy that plans to its budget,
     * {@link io.jgrad.select.search.BudgetedHalving} ({@link SearchStrategy#budgetedHalving(int)}), which screens many
     * configurations with few epochs; any other strategy simply stops when the next trial would not fit.
     */
    public static SearchTuner budgeted(SearchStrategy strategy, double fullTrials) {
        if (!(fullTrials > 0) || Double.isInfinite(fullTrials)) {
            throw new IllegalArgumentException("search: the compute must be a positive number of full-length trials,"
                    + " got " + fullTrials);
        }
        return new SearchTuner(strategy, UNLIMITED_TRIALS, fullTrials, 1);
    }

    /** This search running up to {@code n} trials at once (see the class comment before raising it). */
    public SearchTuner threads(int n) { return new SearchTuner(strategy, maxTrials, fullTrials, n); }

    /**
     * This search with {@code fraction} of its compute: the full-length trials' worth of a {@link #budgeted} search
     * times {@code fraction}, or else the trial limit times {@code fraction} rounded down, so shares that add up to 1
     * do not exceed the whole; but at least 1 trial, so more shares than trials do.
     */
    @Override
    public SearchTuner share(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("search: a share of the compute must be in (0, 1], got " + fraction);
        }
        if (fullTrials > 0) return new SearchTuner(strategy, maxTrials, fullTrials * fraction, threads);
        return new SearchTuner(strategy, Math.max(1, (int) Math.floor(maxTrials * fraction + 1e-9)), 0, threads);
    }

    @Override
    public String name() {
        String full = fullTrials == Math.rint(fullTrials) ? Long.toString((long) fullTrials)
                : Double.toString(fullTrials);
        return strategy.name() + " search (" + (fullTrials > 0 ? "the compute of " + full + " full-length trials"
                : "at most " + maxTrials + " trials") + ")";
    }

    @Override
    public Result tune(Request request) {
        SearchSpace space = SearchSpaces.of(request.family().space());
        Objective objective = request.objective();
        return search(space, List.of(space.configuration(request.baseline().config().values())),
                c -> new Candidate(objective, SearchSpaces.hyperparameters(c)), List.of(request), request.timeLeft());
    }

    /**
     * With budgeted halving: one search over the union of the families' spaces, with this tuner's whole compute and the
     * first request's time left, so that the first rung draws from every family and each rung promotes the best
     * configurations whichever family they belong to; every family's default is known to the search and not screened
     * again. When every space is finite (and all of them list at most {@value BudgetedHalving#LISTED_AT_MOST}
     * configurations, the most budgeted halving lists), each configuration of each family is one value of a single
     * categorical choice (the first rung draws from all of them alike, without repetition); when every space has a real
     * range, the union is a categorical choice of the family followed by every family's parameters under the family's
     * name ({@code mlp.width}), of which a configuration uses its family's (the real range makes a repeated
     * configuration, or a default drawn again, improbable). Empty otherwise: for a mix, where the union's draws could
     * repeat a finite family's configuration with only the other families' values changed, and with another strategy,
     * which would model the union poorly (one unordered choice, or coordinates that half its points ignore).
     */
    @Override
    public Optional<Result> tuneJointly(List<Request> requests) {
        if (requests.size() < 2 || !(strategy instanceof BudgetedHalving)) return Optional.empty();
        List<SearchSpace> spaces = requests.stream().map(r -> SearchSpaces.of(r.family().space())).toList();
        if (requests.stream().map(r -> r.family().name()).distinct().count() < requests.size()) {
            throw new IllegalArgumentException("tuneJointly: a family is named twice: "
                    + requests.stream().map(r -> r.family().name()).toList());
        }
        long finite = spaces.stream().filter(SearchTuner::finite).count(), listed = 0;
        if (finite == 0) return Optional.of(namedUnion(requests, spaces));
        if (finite < spaces.size()) return Optional.empty();
        for (SearchSpace space : spaces) {
            long size = space.gridSize(Integer.MAX_VALUE);
            if (size > BudgetedHalving.LISTED_AT_MOST - listed) return Optional.empty();
            listed += size;
        }
        return Optional.of(listedUnion(requests, spaces));
    }

    /** Whether a space has no real range: a finite list of configurations. */
    private static boolean finite(SearchSpace space) {
        return space.parameters().stream().noneMatch(p -> p instanceof RealParameter);
    }

    /** The choice of {@link #tuneJointly}'s search among listed configurations, or among the families. */
    private static final String JOINT_CHOICE = "candidate";

    /** The joint search over finite spaces: one categorical choice among every family's configurations. */
    private Result listedUnion(List<Request> requests, List<SearchSpace> spaces) {
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        List<String> defaults = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            String family = r.family().name();
            for (Configuration c : spaces.get(i).grid(Integer.MAX_VALUE)) {
                candidates.put(family + " " + c, new Candidate(r.objective(), SearchSpaces.hyperparameters(c)));
            }
            defaults.add(family + " " + spaces.get(i).configuration(r.baseline().config().values()));
        }
        SearchSpace union = SearchSpace.builder().categorical(JOINT_CHOICE, candidates.keySet().toArray()).build();
        List<Configuration> known = defaults.stream().map(d -> union.configuration(Map.of(JOINT_CHOICE, d))).toList();
        return search(union, known, c -> candidates.get((String) c.get(JOINT_CHOICE)), requests,
                requests.get(0).timeLeft());
    }

    /** The joint search over spaces that each have a real range: the family's name, then every family's parameters. */
    private Result namedUnion(List<Request> requests, List<SearchSpace> spaces) {
        List<Parameter> parameters = new ArrayList<>();
        parameters.add(new CategoricalParameter(JOINT_CHOICE,
                requests.stream().map(r -> (Object) r.family().name()).toList()));
        Map<String, Object> defaultValues = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            String family = requests.get(i).family().name();
            Configuration baseline = spaces.get(i).configuration(requests.get(i).baseline().config().values());
            for (Parameter p : spaces.get(i).parameters()) {
                parameters.add(p.named(family + "." + p.name()));
                defaultValues.put(family + "." + p.name(), baseline.get(p.name()));
            }
        }
        SearchSpace union = SearchSpace.of(parameters);
        List<Configuration> known = new ArrayList<>();
        for (Request r : requests) {
            Map<String, Object> values = new LinkedHashMap<>(defaultValues);
            values.put(JOINT_CHOICE, r.family().name());
            known.add(union.configuration(values));
        }
        List<String> families = requests.stream().map(r -> r.family().name()).toList();
        Function<Configuration, Candidate> candidate = c -> {
            int i = families.indexOf((String) c.get(JOINT_CHOICE));
            Map<String, Object> values = new LinkedHashMap<>();
            for (Parameter p : spaces.get(i).parameters()) values.put(p.name(), c.get(families.get(i) + "." + p.name()));
            return new Candidate(requests.get(i).objective(),
                    SearchSpaces.hyperparameters(spaces.get(i).configuration(values)));
        };
        return search(union, known, candidate, requests, requests.get(0).timeLeft());
    }

    /** A configuration of the search as the family objective that evaluates it and its hyperparameters. */
    private record Candidate(Objective objective, Hyperparameters config) {}

    /**
     * Runs the search over {@code space} ({@code known}: the configurations evaluated already, the families'
     * defaults), each configuration evaluated by its {@link Candidate}; the result's trials are the first request's
     * default, then the search's trials; its best is the best of the requests' defaults (the earlier on a tie) and
     * the search's best full-length trial.
     */
    private Result search(SearchSpace space, List<Configuration> known, Function<Configuration, Candidate> candidate,
                          List<Request> requests, Duration timeLeft) {
        Request first = requests.get(0);
        int maxEpochs = first.objective().maxEpochs();
        Map<Integer, CandidateResult> results = new ConcurrentHashMap<>();
        HyperparameterSearch.Builder search = HyperparameterSearch.over(space).strategy(strategy)
                .direction(first.metric().higherIsBetter() ? Direction.MAXIMIZE : Direction.MINIMIZE)
                .seed(first.seed()).threads(threads).maxTrials(maxTrials).resource(maxEpochs).known(known);
        if (fullTrials > 0) search.maxResource(fullTrials * maxEpochs);
        if (timeLeft.isPositive()) search.deadline(timeLeft);
        else search.deadline(Duration.ofNanos(1)); // no time left: every trial is skipped, the defaults stand
        SearchResult searched = search.resumableObjective(true)
                .run(new ResumingObjective(candidate, maxEpochs, results));

        List<Trial> trials = new ArrayList<>();
        CandidateResult baseline = first.baseline();
        trials.add(new Trial(1, baseline.config(), maxEpochs, baseline.mean(), null, baseline.seconds()));
        for (var t : searched.trials()) {
            trials.add(new Trial(trials.size() + 1, candidate.apply(t.configuration()).config(),
                    wholeEpochs(t.resource()), wholeEpochs(t.resource()) - wholeEpochs(t.resource() - t.charged()),
                    t.score(), t.failure(), t.elapsedMillis() / 1e3));
        }
        CandidateResult best = baseline;
        for (Request r : requests) {
            if (Double.isNaN(best.mean()) || first.metric().better(r.baseline().mean(), best.mean())) best = r.baseline();
        }
        var found = searched.best();
        if (found.isPresent() && found.get().resource() >= maxEpochs
                && (Double.isNaN(best.mean()) || first.metric().better(found.get().score(), best.mean()))) {
            best = results.get(found.get().id());
        }
        return new Result(best, trials);
    }

    /** A resource as the whole epochs a trial trains (0 for none). */
    private static int wholeEpochs(double resource) {
        return resource <= 0 ? 0 : (int) Math.max(1, Math.round(resource));
    }

    /**
     * The search's objective: each trial's configuration cross-validated for the trial's epochs, a promoted
     * configuration resumed from the folds' state at the end of its earlier trial ({@link CrossValidationRun}), so
     * that it trains and is charged only the extra epochs. It keeps each trial's run until the search discards it
     * (a rung's runs once the next rung is chosen): at most the runs of one rung, each about five times the model's
     * parameters per fold.
     */
    private static final class ResumingObjective implements io.jgrad.select.search.Objective {
        private final Function<Configuration, Candidate> candidates;
        private final int maxEpochs;
        private final Map<Integer, CandidateResult> results;
        private final Map<Integer, CrossValidationRun> runs = new ConcurrentHashMap<>();

        ResumingObjective(Function<Configuration, Candidate> candidates, int maxEpochs,
                          Map<Integer, CandidateResult> results) {
            this.candidates = candidates;
            this.maxEpochs = maxEpochs;
            this.results = results;
        }

        /** The configuration over the folds for the context's epochs, or a failure with its reason. */
        @Override
        public double evaluate(Configuration config, TrialContext context) {
            Candidate candidate = candidates.apply(config);
            CrossValidationRun run;
            if (context.continuesEarlierTrial()) {
                run = runs.remove(context.previousTrialId());
                if (run == null) {
                    throw new IllegalStateException("trial " + context.trialId() + " continues trial "
                            + context.previousTrialId() + ", whose training state was not kept");
                }
            } else {
                var over = candidate.objective().overBudget(candidate.config());
                if (over.isPresent()) throw new TrialFailedException("over the budget: " + over.get());
                run = candidate.objective().start(candidate.config());
            }
            CandidateResult r = run.trainTo(Math.min(context.epochs(), maxEpochs));
            if (Double.isNaN(r.mean())) throw new TrialFailedException("the metric is undefined on a validation fold");
            runs.put(context.trialId(), run);
            results.put(context.trialId(), r);
            return r.mean();
        }

        @Override
        public void discard(int trialId) {
            runs.remove(trialId);
        }
    }
}
