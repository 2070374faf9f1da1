package io.jgrad.select.search;

import java.util.List;
import java.util.Objects;

/**
 * What a strategy is told when a search starts.
 *
 * @param space        the parameters
 * @param direction    whether larger or smaller scores are better
 * @param fullResource the resource (epochs) of a full trial; multi-fidelity strategies go up to it
 * @param seed         the search's seed: the strategy draws every random number from it
 * @param maxResource  the search's trial-epoch budget, the most resource its trials may be charged in all
 *                     ({@link Double#POSITIVE_INFINITY} when it has none): a strategy that plans its trials (see
 *                     {@link BudgetedHalving}) sizes them to it
 * @param known        configurations already evaluated with the full resource outside the search (a selector's
 *                     default configuration), which a strategy need not propose again
 * @param maxTrials    the most trials the search runs ({@link Integer#MAX_VALUE} when it has no limit): a model-based
 *                     strategy keeps its random start to a part of them (see {@link BayesianSearch})
 * @param resumed      whether the objective resumes a continued configuration from its earlier trial's state, so that
 *                     a promotion from resource r to R is charged {@code R - r} instead of {@code R}
 *                     ({@link HyperparameterSearch.Builder#resumableObjective}): a strategy that plans to the budget
 *                     counts promotions so
 */
public record SearchSetup(SearchSpace space, Direction direction, double fullResource, long seed, double maxResource,
                          List<Configuration> known, int maxTrials, boolean resumed) {

    /** Checks the fields and copies {@code known}. */
    public SearchSetup {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(direction, "direction");
        if (!(fullResource > 0) || Double.isInfinite(fullResource)) {
            throw new IllegalArgumentException("the full resource must be positive and finite, got " + fullResource);
        }
        if (!(maxResource > 0)) {
            throw new IllegalArgumentException("the search's trial-epoch budget must be positive, got " + maxResource);
        }
        if (maxTrials < 1) {
            throw new IllegalArgumentException("the search's trial limit must be at least 1, got " + maxTrials);
        }
        known = List.copyOf(known);
    }

    /** A setup whose objective restarts a continued configuration from scratch (charged its whole resource). */
    public SearchSetup(SearchSpace space, Direction direction, double fullResource, long seed, double maxResource,
                       List<Configuration> known, int maxTrials) {
        this(space, direction, fullResource, seed, maxResource, known, maxTrials, false);
    }

    /** A setup without a trial-epoch budget or trial limit and with nothing known beforehand. */
    public SearchSetup(SearchSpace space, Direction direction, double fullResource, long seed) {
        this(space, direction, fullResource, seed, Double.POSITIVE_INFINITY, List.of(), Integer.MAX_VALUE);
    }
}
