package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.BatchNorm1d;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Dropout;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.select.TaskProfile;

/**
 * Multi-layer perceptrons on the (flattened) inputs: {@code depth} hidden layers of {@code width} units, each dense,
 * optionally batch-normalised, ReLU, then dropout.
 */
public final class MlpFamily implements CandidateFamily {
    private static final HyperparameterSpace SPACE = FamilyParts.training(HyperparameterSpace.builder()
            .choice("depth", 2, 1, 2, 3)
            .choice("width", 64, 32, 64, 128, 256)
            .choice("dropout", 0.1, 0.0, 0.1, 0.3)
            .choice("batch_norm", false, false, true), 1e-3).build();

    @Override
    public String name() { return "mlp"; }

    @Override
    public String description() { return "multi-layer perceptron (depth, width, dropout, batch norm)"; }

    @Override
    public HyperparameterSpace space() { return SPACE; }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        int width = config.intValue("width");
        double dropout = config.doubleValue("dropout");
        Sequential model = new Sequential(new Flatten());
        int in = FamilyParts.features(profile.inputShape());
        for (int layer = 0; layer < config.intValue("depth"); layer++) {
            model.add(new Dense(in, width));
            if (config.booleanValue("batch_norm")) model.add(new BatchNorm1d(width));
            model.add(new ReLU());
            if (dropout > 0) model.add(new Dropout(dropout, random.split()));
            in = width;
        }
        return model.add(new Dense(in, FamilyParts.outputs(profile)));
    }
}
