package io.jgrad.select;

import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.compare.CandidateResult;
import io.jgrad.select.compare.CrossValidationRun;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Step 4 of the method: searches a family's {@link io.jgrad.select.candidates.HyperparameterSpace} for a better
 * configuration. The selector calls it with the comparison's winner, and, when the comparison cannot separate it from
 * the runner-up, with both together ({@link #tuneJointly}) or, when it cannot, with each of them on a {@link #share}
 * of the compute; the best result by validation score is trained on train+validation and tested.
 * {@link DefaultsTuner} keeps the default configuration; search strategies (grid, random, Bayesian, Hyperband) plug in
 * here.
 */
public interface Tuner {

    /** The tuner's name for the report. */
    String name();

    /**
     * This tuner with {@code fraction} (in (0, 1]) of its compute, for tuning one of several families with a fixed
     * total. The default returns this tuner unchanged: a tuner that cannot divide its compute spends all of it on each
     * family.
     */
    default Tuner share(double fraction) { return this; }

    /**
     * The best configuration found for {@code request.family()} and every trial in order (the baseline included as
     * trial 1, so the report can plot the search's convergence).
     */
    Result tune(Request request);

    /**
     * Tunes several families in one search over the union of their spaces with this tuner's whole compute, so that
     * the compute goes to the configurations that do well whichever family they belong to; or empty when this tuner
     * cannot (the selector then tunes each family on a {@link #share}). The result's best is the best of the search
     * and of every family's default (the earlier family on a tie); its trials start with the first request's default.
     * The default returns empty.
     */
    default Optional<Result> tuneJointly(List<Request> requests) { return Optional.empty(); }

    /**
     * What the tuner works with.
     *
     * @param family    the family to tune
     * @param baseline  its default configuration's result over the comparison's folds
     * @param objective evaluates another configuration over the same folds
     * @param metric    the metric (see {@link SelectionMetric#better})
     * @param timeLeft  the wall-clock time the budget leaves for tuning (the final fit's share already set aside)
     * @param seed      the selection's seed, for a seeded search
     */
    record Request(CandidateFamily family, CandidateResult baseline, Objective objective, SelectionMetric metric,
                   Duration timeLeft, long seed) {}

    /**
     * A tuner's answer.
     *
     * @param best   the best configuration's result (the baseline when nothing beat it)
     * @param trials every trial in order
     */
    record Result(CandidateResult best, List<Trial> trials) {
        /** Copies the list. */
        public Result {
            trials = List.copyOf(trials);
        }
    }

    /** Evaluates configurations of the family being tuned, over the comparison's folds with its seed. */
    interface Objective {
        /**
         * The configuration's cross-validated result at the selection's epoch limit; throws when the configuration is
         * outside the family's space or training fails (e.g. a non-finite loss).
         */
        default CandidateResult evaluate(Hyperparameters config) { return evaluate(config, maxEpochs()); }

        /**
         * {@link #evaluate(Hyperparameters)} with at most {@code maxEpochs} epochs per fold (early stopping still
         * applies): the smaller budgets of successive halving and Hyperband.
         */
        default CandidateResult evaluate(Hyperparameters config, int maxEpochs) {
            return start(config).trainTo(maxEpochs);
        }

        /**
         * The configuration's training over the comparison's folds, not yet started: each
         * {@link CrossValidationRun#trainTo} continues it to a higher epoch limit, with the result a run given that
         * limit from the start would have (a promoted configuration of successive halving is resumed, not trained
         * again); throws when the configuration is outside the family's space.
         */
        CrossValidationRun start(Hyperparameters config);

        /** The selection's epoch limit per training run. */
        int maxEpochs();

        /** Why {@code config} would not fit the budget's parameter or memory limits, or empty when it fits. */
        Optional<String> overBudget(Hyperparameters config);
    }
}
