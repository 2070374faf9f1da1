package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.select.TaskProfile;

/** The baseline: one dense layer on the (flattened) inputs, i.e. logistic (softmax) or linear regression. */
public final class LinearFamily implements CandidateFamily {
    private static final HyperparameterSpace SPACE = FamilyParts.training(HyperparameterSpace.builder(), 3e-2).build();

    @Override
    public String name() { return "linear"; }

    @Override
    public String description() { return "logistic / linear regression on the inputs (one dense layer)"; }

    @Override
    public HyperparameterSpace space() { return SPACE; }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        return new Sequential(new Flatten(),
                new Dense(FamilyParts.features(profile.inputShape()), FamilyParts.outputs(profile)));
    }
}
