package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Module;
import io.jgrad.nn.SinusoidalPositionalEncoding;
import io.jgrad.nn.TokenSequenceModel;
import io.jgrad.nn.TransformerEncoder;
import io.jgrad.nn.TransformerSettings;
import io.jgrad.select.TaskProfile;

/**
 * Small Transformer text models: token embeddings ({@code embedding_dim} is the model width) plus sinusoidal position
 * codes, {@code layers} Transformer encoder layers ({@code heads} attention heads, a {@code feedforward}-wide block)
 * that attend to the real tokens only (a key padding mask), the mean over the real positions, dropout and the output
 * layer. The encoder layers have no dropout of their own: theirs would draw from the global generator, and trials
 * running in parallel would no longer repeat; the dropout before the output layer has its own.
 */
public final class TransformerTextFamily implements CandidateFamily {
    private static final HyperparameterSpace SPACE = FamilyParts.training(SequenceFamilyParts.dropout(
            SequenceFamilyParts.tokens(HyperparameterSpace.builder())
                    .choice("heads", 4, 2, 4)
                    .choice("feedforward", 128, 64, 128, 256)
                    .choice("layers", 1, 1, 2)), 1e-3).build();

    @Override
    public String name() { return "transformer"; }

    @Override
    public String description() {
        return "embedding + positions, a small Transformer encoder over the tokens, masked mean pooling";
    }

    @Override
    public HyperparameterSpace space() { return SPACE; }

    @Override
    public FeatureEncoding encoding(Hyperparameters config) { return SequenceFamilyParts.encoding(config); }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        var embedding = SequenceFamilyParts.embedding(name(), profile, config);
        int width = embedding.embeddingDim(), length = profile.inputShape().getFirst();
        TransformerSettings settings = TransformerSettings.of(width, config.intValue("heads"))
                .dimFeedforward(config.intValue("feedforward")).dropout(0).batchFirst(true);
        return new TokenSequenceModel(embedding, new SinusoidalPositionalEncoding(width, length, true),
                new TransformerEncoder(settings, config.intValue("layers"), false), TokenSequenceModel.Pooling.MEAN,
                SequenceFamilyParts.head(width, profile, config, random));
    }
}
