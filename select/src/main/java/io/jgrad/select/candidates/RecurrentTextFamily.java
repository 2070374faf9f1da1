package io.jgrad.select.candidates;

import io.jgrad.Generator;
import io.jgrad.nn.GRU;
import io.jgrad.nn.LSTM;
import io.jgrad.nn.Module;
import io.jgrad.nn.RecurrentLayer;
import io.jgrad.nn.TokenSequenceModel;
import io.jgrad.select.TaskProfile;

/**
 * Recurrent text models: token embeddings, a GRU or LSTM over them ({@code layers}, {@code hidden} units, optionally
 * bidirectional), each direction's state after the last real token (padding changes nothing), dropout and the output
 * layer.
 */
public final class RecurrentTextFamily implements CandidateFamily {
    private final boolean lstm;
    private final HyperparameterSpace space;

    private RecurrentTextFamily(boolean lstm) {
        this.lstm = lstm;
        HyperparameterSpace.Builder b = SequenceFamilyParts.tokens(HyperparameterSpace.builder())
                .choice("hidden", 64, 32, 64, 128)
                .choice("layers", 1, 1, 2)
                .choice("bidirectional", false, false, true);
        this.space = FamilyParts.training(SequenceFamilyParts.dropout(b), 3e-3).build();
    }

    /** Embedding, GRU, last state. */
    public static RecurrentTextFamily gru() { return new RecurrentTextFamily(false); }

    /** Embedding, LSTM, last state. */
    public static RecurrentTextFamily lstm() { return new RecurrentTextFamily(true); }

    @Override
    public String name() { return lstm ? "lstm" : "gru"; }

    @Override
    public String description() {
        return "embedding + " + (lstm ? "LSTM" : "GRU") + " over the tokens (optionally bidirectional), its last real"
                + " step to the output layer";
    }

    @Override
    public HyperparameterSpace space() { return space; }

    @Override
    public FeatureEncoding encoding(Hyperparameters config) { return SequenceFamilyParts.encoding(config); }

    @Override
    public Module build(TaskProfile profile, Hyperparameters config, Generator random) {
        var embedding = SequenceFamilyParts.embedding(name(), profile, config);
        int hidden = config.intValue("hidden"), in = embedding.embeddingDim();
        boolean bidirectional = config.booleanValue("bidirectional");
        RecurrentLayer recurrent = (lstm ? new LSTM(in, hidden) : new GRU(in, hidden))
                .numLayers(config.intValue("layers")).bidirectional(bidirectional).batchFirst(true)
                .returnSequences(false);
        int features = (bidirectional ? 2 : 1) * hidden;
        return new TokenSequenceModel(embedding, null, recurrent, TokenSequenceModel.Pooling.LAST,
                SequenceFamilyParts.head(features, profile, config, random));
    }
}
