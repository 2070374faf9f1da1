package io.jgrad.decode;

import io.jgrad.Tensor;

/**
 * A model that predicts the next token one step at a time, carrying a state between steps (an RNN's hidden state, a
 * Transformer's key/value cache, a seq2seq model's encoder output; anything of type {@code S}). The decoders
 * ({@link Greedy}, {@link BeamSearch}, {@link Sampler}) feed it the prompt once and then one token per row per step.
 * A model that only takes whole prefixes is one via {@link PrefixModel#stepwise()}.
 *
 * @param <S> the carried state
 */
public interface StepModel<S> {
    /**
     * Runs the model over {@code tokens} after {@code state}.
     *
     * @param tokens I64 {@code [B, k]}, {@code k >= 1}: the next {@code k} tokens of each of {@code B} rows
     * @param state  the state after the tokens fed so far; at the first step the decoder's caller gives it (null
     *               when the model starts from nothing)
     * @return the logits {@code [B, V]} of the token that follows, and the state after {@code tokens}
     */
    Step<S> step(Tensor tokens, S state);

    /**
     * The state of rows {@code rows} of {@code state}, in that order (a row may repeat): beam search's reordering of
     * its beams, e.g. {@code hidden.indexSelect(batchAxis, rows)}.
     *
     * @param rows I64 {@code [B']}, indices into the rows of {@code state}
     */
    S select(S state, Tensor rows);

    /**
     * One step's result.
     *
     * @param logits the next token's logits {@code [B, V]}
     * @param state  the state after the tokens fed
     */
    record Step<S>(Tensor logits, S state) {}
}
