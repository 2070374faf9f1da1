package io.jgrad.select.benchmark;

import io.jgrad.Generator;
import io.jgrad.nn.Module;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.HyperparameterSpace;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.FeatureEncoding;

import java.util.Objects;

/**
 * A candidate family searched over a smaller space than its own: a coarse grid of a few values per dimension, so a
 * full grid over it can finish and serve as the reference a selector is measured against.
 *
 * @param family the family
 * @param space  the coarse space (a subset of the family's; its defaults are the family's defaults)
 */
public record CoarseFamily(CandidateFamily family, HyperparameterSpace space) implements CandidateFamily {

    /** Checks the coarse defaults lie in the family's own space. */
    public CoarseFamily {
        Objects.requireNonNull(family, "family");
        family.space().check(space.defaults());
    }

    @Override
    public String name() { return family.name(); }

    @Override
    public String description() { return family.description() + ", coarse grid"; }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        return family.build(profile, config, random);
    }

    @Override
    public FeatureEncoding encoding(Hyperparameters config) { return family.encoding(config); }
}
