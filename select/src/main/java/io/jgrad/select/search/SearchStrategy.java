package io.jgrad.select.search;

import java.util.List;

/**
 * How a search chooses what to evaluate next: grid, random, Bayesian optimisation (a Gaussian process with expected
 * improvement, or TPE), successive halving and Hyperband.
 *
 * <p>A strategy proposes trials in batches and sees the outcome of a whole batch before proposing the next, and it
 * draws every random number from the search's seed. So a search's trials and results depend only on the seed and
 * the batch size, never on how many threads evaluate a batch or in which order its trials finish.
 */
public interface SearchStrategy {

    /** A short name for reports, e.g. {@code "bayesian-gp"}. */
    String name();

    /** A fresh proposer for one search. */
    Proposer start(SearchSetup setup);

    /** The state of one search under a strategy. */
    interface Proposer {
        /**
         * The next trials to run; they may run in parallel. Decided only from the trials finished so far.
         *
         * @param finished  every trial so far, in id order (the trials proposed by earlier calls, in order)
         * @param batchSize how many trials a model-based strategy should propose at once; a strategy whose natural
         *                  batches are fixed (a Hyperband rung) may propose more
         * @return the trials, or an empty list when the strategy has nothing more to propose
         */
        List<Proposal> propose(List<Trial> finished, int batchSize);
    }

    /** Every combination of the parameters' grid values ({@code points} per range), in order. */
    static SearchStrategy grid(int points) {
        return new GridSearch(points);
    }

    /** Independent draws from the parameters' priors. */
    static SearchStrategy random() {
        return new RandomSearch();
    }

    /** Bayesian optimisation with a Gaussian process and expected improvement, default settings. */
    static SearchStrategy bayesian() {
        return BayesianSearch.builder().build();
    }

    /** Bayesian optimisation with the tree-structured Parzen estimator (TPE), default settings. */
    static SearchStrategy tpe() {
        return new TpeSearch();
    }

    /** Hyperband (Li et al. 2017) with reduction factor {@code eta}, one pass over its brackets. */
    static SearchStrategy hyperband(int eta) {
        return Hyperband.hyperband(eta);
    }

    /**
     * Successive halving planned from the search's trial-epoch budget ({@link BudgetedHalving}): many configurations
     * screened with few epochs (at least {@value BudgetedHalving#DEFAULT_MIN_RESOURCE}), the best {@code 1/eta} going
     * on at each rung, the full resource only for the last.
     */
    static SearchStrategy budgetedHalving(int eta) {
        return BudgetedHalving.of(eta);
    }

    /** Successive halving with reduction factor {@code eta}: Hyperband's most aggressive bracket alone. */
    static SearchStrategy successiveHalving(int eta) {
        return Hyperband.successiveHalving(eta);
    }
}
