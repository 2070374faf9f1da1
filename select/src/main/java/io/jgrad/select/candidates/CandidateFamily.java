package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Module;
import io.jgrad.select.TaskProfile;

import java.util.Optional;

/**
 * A kind of model the selector can try (a logistic baseline, an MLP, a small CNN, ...): its search space and how to
 * build one configuration for a task. Families are stateless; {@link Families} lists them per modality.
 */
public interface CandidateFamily {

    /** A short identifier, e.g. {@code mlp}, used in reports and saved models. */
    String name();

    /** What the family's models are, in a sentence. */
    String description();

    /** Why the family cannot be used in this build (e.g. it needs a layer this build lacks), or empty when it can. */
    default Optional<String> unavailableReason() { return Optional.empty(); }

    /** The hyperparameters, their ranges and defaults; training settings ({@code lr}, {@code batch_size}) included. */
    HyperparameterSpace space();

    /**
     * A new model for {@code profile} with {@code config}: it takes inputs as {@link #encoding} gives them and outputs
     * one logit per class (classification) or one value (regression). Weights are initialised from
     * {@code Generator.global()} (see {@link CandidateRecipe#build}); layers that draw random numbers while training
     * (dropout) take their own generator from {@code random}, so that trials running in parallel stay reproducible.
     */
    Module build(TaskProfile profile, Hyperparameters config, Generator random);

    /** How prepared inputs become this family's model inputs ({@link FeatureEncoding.Identity} for most). */
    default FeatureEncoding encoding(Hyperparameters config) { return new FeatureEncoding.Identity(); }
}
