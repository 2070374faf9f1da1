package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.decode.StepModel;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Embedding;
import io.jgrad.nn.Inputs;
import io.jgrad.nn.LSTM;
import io.jgrad.nn.Module;
import io.jgrad.nn.Outputs;
import io.jgrad.nn.RecurrentLayer;

/**
 * {@code char-lstm}'s model: character ids [B, T] through an embedding, a stacked LSTM (batch-first) and a dense layer
 * to next-character logits [B, T, V]. As a {@link StepModel} it carries the LSTM's hidden and cell states, so sampling
 * feeds one character per step.
 */
final class CharLstm extends Module implements StepModel<CharLstm.State> {
    /** The LSTM's final states [layers, B, H] after the characters fed so far. */
    record State(Tensor h, Tensor c) {}

    private final int vocab, embeddingSize, hiddenSize, layers;
    private final Embedding embedding;
    private final RecurrentLayer lstm;
    private final Dense head;

    CharLstm(int vocab, int embeddingSize, int hiddenSize, int layers) {
        this.vocab = vocab;
        this.embeddingSize = embeddingSize;
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        embedding = registerModule("embedding", new Embedding(vocab, embeddingSize));
        lstm = registerModule("lstm", new LSTM(embeddingSize, hiddenSize).numLayers(layers).batchFirst(true));
        head = registerModule("head", new Dense(hiddenSize, vocab));
    }

    int vocab() { return vocab; }

    int embeddingSize() { return embeddingSize; }

    int hiddenSize() { return hiddenSize; }

    int layers() { return layers; }

    @Override
    public Tensor forward(Tensor ids) { return head.call(lstm.call(embedding.call(ids))); }

    @Override
    public Step<State> step(Tensor tokens, State state) {
        Inputs in = Inputs.of(embedding.call(tokens));
        if (state != null) in = in.with("h0", state.h()).with("c0", state.c());
        Outputs out = lstm.call(in);
        Tensor last = out.get("output").select(1, tokens.dim(1) - 1);
        return new Step<>(head.call(last), new State(out.get("h"), out.get("c")));
    }

    @Override
    public State select(State state, Tensor rows) {
        return new State(state.h().indexSelect(1, rows), state.c().indexSelect(1, rows));
    }
}
