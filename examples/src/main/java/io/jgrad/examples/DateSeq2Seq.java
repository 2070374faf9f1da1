package io.jgrad.examples;

import io.jgrad.AttentionOptions;
import io.jgrad.F;
import io.jgrad.Tensor;
import io.jgrad.decode.StepModel;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Embedding;
import io.jgrad.nn.Inputs;
import io.jgrad.nn.LSTM;
import io.jgrad.nn.Module;
import io.jgrad.nn.Outputs;
import io.jgrad.nn.RecurrentLayer;
import io.jgrad.nn.Signature;

import java.util.List;

/**
 * {@code seq2seq}'s model: an LSTM encoder-decoder with dot-product attention (Luong's "global attention" without input
 * feeding, so that teacher forcing runs the decoder over all steps at once). A shared character embedding; a
 * bidirectional LSTM encoder over the padded source (with its lengths, so padding changes nothing) whose two final
 * states, concatenated, start the decoder LSTM; each decoder state attends over the encoder's outputs (padding masked,
 * one fused scaled dot-product attention), and {@code tanh(W [state; context])} feeds the dense output layer.
 *
 * <p>Training inputs, as {@link io.jgrad.data.text.PairedSequenceDataset} gives them: {@code source} [B, S],
 * {@code lengths} [B], {@code decoder_input} [B, T] (begin token, then the target); output logits [B, T, V]. As a
 * {@link StepModel} (for greedy decoding) its state is the encoded source and the decoder's LSTM states, made by
 * {@link #encode}.
 */
final class DateSeq2Seq extends Module implements StepModel<DateSeq2Seq.State> {
    private static final Signature SIGNATURE = Signature.of("source", "lengths", "decoder_input").outputs("logits");

    /**
     * The encoded source and the decoder's state.
     *
     * @param memory  the encoder's outputs [B, 1, S, 2H] (one attention head)
     * @param padding BOOL [B, S], true at the source's padding
     * @param h       the decoder's hidden state [1, B, 2H]
     * @param c       the decoder's cell state [1, B, 2H]
     */
    record State(Tensor memory, Tensor padding, Tensor h, Tensor c) {}

    private final int vocab, padId, embeddingSize, hidden;
    private final Embedding embedding;
    private final RecurrentLayer encoder, decoder;
    private final Dense combine, head;

    /** {@code hidden} units per encoder direction, so the decoder has {@code 2 * hidden}. */
    DateSeq2Seq(int vocab, int padId, int embeddingSize, int hidden) {
        this.vocab = vocab;
        this.padId = padId;
        this.embeddingSize = embeddingSize;
        this.hidden = hidden;
        embedding = registerModule("embedding", new Embedding(vocab, embeddingSize, padId, null));
        encoder = registerModule("encoder", new LSTM(embeddingSize, hidden).bidirectional(true).batchFirst(true));
        decoder = registerModule("decoder", new LSTM(embeddingSize, 2 * hidden).batchFirst(true));
        combine = registerModule("combine", new Dense(4 * hidden, 2 * hidden));
        head = registerModule("head", new Dense(2 * hidden, vocab));
    }

    int vocab() { return vocab; }

    int padId() { return padId; }

    int embeddingSize() { return embeddingSize; }

    /** The units per encoder direction. */
    int hidden() { return hidden; }

    @Override
    public Signature signature() { return SIGNATURE; }

    @Override
    protected Outputs forward(Inputs in) {
        State s = encode(in.tensor("source"), in.tensor("lengths"));
        return Outputs.of(decode(in.tensor("decoder_input"), s).logits());
    }

    /** The source [B, S] (padded, with its lengths [B]) encoded, and the decoder's initial state. */
    State encode(Tensor source, Tensor lengths) {
        Outputs enc = encoder.call(Inputs.of(embedding.call(source)).with("lengths", lengths));
        int batch = source.dim(0);
        // [2, B, H] (forward, backward) -> [1, B, 2H]: each row's two final states side by side
        Tensor h = enc.get("h").transpose(0, 1).reshape(1, batch, -1);
        Tensor c = enc.get("c").transpose(0, 1).reshape(1, batch, -1);
        return new State(enc.get("output").unsqueeze(1), source.eq(padId), h, c);
    }

    /** Logits [B, T, V] for the decoder inputs [B, T] after {@code state}, and the state after them. */
    Step<State> decode(Tensor decoderInput, State state) {
        Outputs dec = decoder.call(Inputs.of(embedding.call(decoderInput)).with("h0", state.h()).with("c0", state.c()));
        Tensor query = dec.get("output").unsqueeze(1); // [B, 1, T, 2H]
        Tensor context = F.scaledDotProductAttention(query, state.memory(), state.memory(),
                AttentionOptions.defaults().keyPaddingMask(state.padding()));
        Tensor both = Tensor.concat(List.of(query, context), 3).squeeze(1);
        Tensor logits = head.call(combine.call(both).tanh());
        return new Step<>(logits, new State(state.memory(), state.padding(), dec.get("h"), dec.get("c")));
    }

    @Override
    public Step<State> step(Tensor tokens, State state) {
        Step<State> s = decode(tokens, state);
        return new Step<>(s.logits().select(1, tokens.dim(1) - 1), s.state());
    }

    @Override
    public State select(State s, Tensor rows) {
        return new State(s.memory().indexSelect(0, rows), s.padding().indexSelect(0, rows),
                s.h().indexSelect(1, rows), s.c().indexSelect(1, rows));
    }
}
