package io.jgrad.select;

import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.search.CategoricalParameter;
import io.jgrad.select.search.Configuration;
import io.jgrad.select.search.IntParameter;
import io.jgrad.select.search.OrdinalParameter;
import io.jgrad.select.search.Parameter;
import io.jgrad.select.search.RealParameter;
import io.jgrad.select.search.SearchSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * The one bridge between a candidate family's {@link HyperparameterSpace} (what the families declare) and the
 * search's {@link SearchSpace} (what the strategies explore): a choice among two or more numbers (a depth, a width, a
 * dropout rate, a batch size, a learning rate) becomes an {@link OrdinalParameter}, so that a model-based search sees
 * their order in one coordinate (the rank, or the log position for values spanning decades), any other choice (texts,
 * flags) a categorical parameter; an integer or real range becomes the same range on the same scale. Grid and random
 * search visit and draw the same values either way.
 */
public final class SearchSpaces {
    private SearchSpaces() {}

    /** {@code space} as a search space, its dimensions in the same order. */
    public static SearchSpace of(HyperparameterSpace space) {
        List<Parameter> parameters = new ArrayList<>();
        space.dimensions().forEach((name, d) -> parameters.add(switch (d) {
            case HyperparameterSpace.Choice c -> OrdinalParameter.suits(c.values())
                    ? OrdinalParameter.of(name, c.values().stream().map(Number.class::cast).toList())
                    : new CategoricalParameter(name, c.values());
            case HyperparameterSpace.IntRange r -> new IntParameter(name, r.min(), r.max(), false);
            case HyperparameterSpace.RealRange r -> r.min() == r.max() // a fixed value: a search needs low < high
                    ? new CategoricalParameter(name, List.of(r.min()))
                    : new RealParameter(name, r.min(), r.max(), r.log());
        }));
        return SearchSpace.of(parameters);
    }

    /** A search's configuration as a family's hyperparameters. */
    public static Hyperparameters hyperparameters(Configuration configuration) {
        return new Hyperparameters(configuration.values());
    }
}
