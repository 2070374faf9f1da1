package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Dropout;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.MaxPool2d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.select.TaskProfile;

import java.util.List;

/**
 * A small CNN: two stages of 3x3 convolution (padding 1), ReLU and 2x2 max pooling ({@code channels}, then twice as
 * many), then a dense hidden layer with dropout and the output layer.
 */
public final class SmallCnnFamily implements CandidateFamily {
    private static final HyperparameterSpace SPACE = FamilyParts.training(HyperparameterSpace.builder()
            .choice("channels", 16, 8, 16, 32)
            .choice("dense_units", 64, 64, 128)
            .choice("dropout", 0.25, 0.0, 0.25, 0.5), 1e-3).build();

    @Override
    public String name() { return "cnn"; }

    @Override
    public String description() { return "small CNN (two conv/ReLU/max-pool stages, a dense layer)"; }

    @Override
    public HyperparameterSpace space() { return SPACE; }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        List<Integer> shape = profile.inputShape();
        FamilyParts.requireImage(name(), shape, 4);
        int c = config.intValue("channels"), dense = config.intValue("dense_units");
        double dropout = config.doubleValue("dropout");
        Sequential model = new Sequential(
                new Conv2d(shape.get(0), c, 3).padding(1), new ReLU(), new MaxPool2d(2),
                new Conv2d(c, 2 * c, 3).padding(1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dense(2 * c * (shape.get(1) / 4) * (shape.get(2) / 4), dense), new ReLU());
        if (dropout > 0) model.add(new Dropout(dropout, random.split()));
        return model.add(new Dense(dense, FamilyParts.outputs(profile)));
    }
}
