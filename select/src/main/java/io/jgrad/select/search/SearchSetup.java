package io.jgrad.select.search;

import java.util.Objects;

/**
 * What a strategy is told when a search starts.
 *
 * @param space        the parameters
 * @param direction    whether larger or smaller scores are better
 * @param fullResource the resource (epochs) of a full trial; multi-fidelity strategies go up to it
 * @param seed         the search's seed: the strategy draws every random number from it
 */
public record SearchSetup(SearchSpace space, Direction direction, double fullResource, long seed) {

    /** Checks the fields. */
    public SearchSetup {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(direction, "direction");
        if (!(fullResource > 0) || Double.isInfinite(fullResource)) {
            throw new IllegalArgumentException("the full resource must be positive and finite, got " + fullResource);
        }
    }
}
