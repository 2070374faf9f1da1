package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Dropout;
import io.jgrad.nn.Embedding;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.analyse.WordTokenizer;

/**
 * What the sequence families for text (GRU, LSTM, 1-D CNN, Transformer) share: their input encoding
 * ({@link FeatureEncoding.TokenSequence}) and its hyperparameters, the token embedding and the head on the pooled
 * vector. Each family's model is a {@link io.jgrad.nn.TokenSequenceModel}, so padding changes nothing and a saved
 * model rebuilds from its architecture.
 */
final class SequenceFamilyParts {
    private SequenceFamilyParts() {}

    /**
     * Adds the hyperparameters of the token encoding and the embedding: {@code max_length} (ids kept per example),
     * {@code vocabulary} (the most frequent words kept) and {@code embedding_dim}.
     */
    static HyperparameterSpace.Builder tokens(HyperparameterSpace.Builder b) {
        return b.choice("max_length", 128, 32, 64, 128, 256)
                .choice("vocabulary", 20_000, 2_000, 5_000, 20_000)
                .choice("embedding_dim", 64, 32, 64, 128);
    }

    /** Adds the dropout before the output layer. */
    static HyperparameterSpace.Builder dropout(HyperparameterSpace.Builder b) {
        return b.choice("dropout", 0.2, 0.0, 0.2, 0.5);
    }

    /** The token ids {@code config} keeps. */
    static FeatureEncoding.TokenSequence encoding(Hyperparameters config) {
        return new FeatureEncoding.TokenSequence(config.intValue("max_length"), config.intValue("vocabulary"));
    }

    /**
     * A table for the ids the examples can hold (those of the encoding, no more than the profile's vocabulary has),
     * {@code embedding_dim} wide, whose padding row stays zero.
     *
     * @throws IllegalArgumentException if the examples are not token sequences {@code [T]}, naming {@code family}
     */
    static Embedding embedding(String family, TaskProfile profile, Hyperparameters config) {
        if (profile.inputShape().size() != 1) {
            throw new IllegalArgumentException(family + ": needs token id sequences [T] (text), got input shape "
                    + profile.inputShape());
        }
        int ids = encoding(config).idCount();
        if (profile.tokenIds() > 0) ids = Math.min(ids, profile.tokenIds());
        return new Embedding(ids, config.intValue("embedding_dim"), WordTokenizer.PAD, null);
    }

    /** Dropout (its own generator from {@code random}), then the output layer on {@code features} values. */
    static Module head(int features, TaskProfile profile, Hyperparameters config, Generator random) {
        Sequential head = new Sequential();
        double dropout = config.doubleValue("dropout");
        if (dropout > 0) head.add(new Dropout(dropout, random.split()));
        return head.add(new Dense(features, FamilyParts.outputs(profile)));
    }
}
