package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.BatchNorm2d;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.Dense;
import io.jgrad.nn.GlobalAvgPool2d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.ResidualBlock;
import io.jgrad.nn.Sequential;
import io.jgrad.select.TaskProfile;

import java.util.List;

/**
 * A small ResNet: a 3x3 stem of {@code width} channels with batch norm, {@code blocks} basic residual blocks that
 * each halve the resolution and double the channels, global average pooling and a dense output layer.
 */
public final class ResNetFamily implements CandidateFamily {
    private static final HyperparameterSpace SPACE = FamilyParts.training(HyperparameterSpace.builder()
            .choice("width", 16, 8, 16, 32)
            .choice("blocks", 2, 1, 2, 3), 1e-3).build();

    @Override
    public String name() { return "resnet"; }

    @Override
    public String description() {
        return "ResNet-style (batch-normalised stem, strided residual blocks, global pooling)";
    }

    @Override
    public HyperparameterSpace space() { return SPACE; }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        List<Integer> shape = profile.inputShape();
        int blocks = config.intValue("blocks");
        FamilyParts.requireImage(name(), shape, 1 << blocks);
        int width = config.intValue("width");
        Sequential model = new Sequential(new Conv2d(shape.get(0), width, 3).padding(1).withoutBias(),
                new BatchNorm2d(width), new ReLU());
        for (int b = 0; b < blocks; b++, width *= 2) model.add(new ResidualBlock(width, 2 * width, 2));
        return model.add(new GlobalAvgPool2d()).add(new Dense(width, FamilyParts.outputs(profile)));
    }
}
