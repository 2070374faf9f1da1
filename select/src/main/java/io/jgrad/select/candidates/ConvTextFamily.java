package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Conv1d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.TokenSequenceModel;
import io.jgrad.select.TaskProfile;

/**
 * 1-D convolutional text models: token embeddings, {@code layers} stacked convolutions over the tokens
 * ({@code filters} channels, an odd {@code kernel} width, padded to keep the length) each followed by ReLU, the
 * largest value of each channel over the real positions (global max pooling; padding changes nothing), dropout and
 * the output layer.
 */
public final class ConvTextFamily implements CandidateFamily {
    private static final HyperparameterSpace SPACE = FamilyParts.training(SequenceFamilyParts.dropout(
            SequenceFamilyParts.tokens(HyperparameterSpace.builder())
                    .choice("filters", 64, 32, 64, 128)
                    .choice("kernel", 3, 3, 5)
                    .choice("layers", 1, 1, 2)), 3e-3).build();

    @Override
    public String name() { return "cnn1d"; }

    @Override
    public String description() { return "embedding + 1-D convolutions over the tokens, global max pooling"; }

    @Override
    public HyperparameterSpace space() { return SPACE; }

    @Override
    public FeatureEncoding encoding(Hyperparameters config) { return SequenceFamilyParts.encoding(config); }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        var embedding = SequenceFamilyParts.embedding(name(), profile, config);
        int filters = config.intValue("filters"), kernel = config.intValue("kernel");
        Sequential convolutions = new Sequential();
        int in = embedding.embeddingDim();
        for (int layer = 0; layer < config.intValue("layers"); layer++) {
            convolutions.add(new Conv1d(in, filters, kernel).padding(kernel / 2)).add(new ReLU());
            in = filters;
        }
        return new TokenSequenceModel(embedding, null, convolutions, TokenSequenceModel.Pooling.MAX,
                SequenceFamilyParts.head(filters, profile, config, random));
    }
}
