package io.jgrad.decode;

import io.jgrad.Tensor;

import java.util.List;

/** Greedy decoding: each step takes the most likely token (the lowest id among equal logits). */
public final class Greedy {
    private Greedy() {}

    /**
     * Decodes every row of {@code prompt} until it produces {@code endId} or {@code maxNewTokens} tokens.
     *
     * @param state        the model's state before the prompt (null when it starts from nothing)
     * @param prompt       I64 {@code [B, t]}: what each row starts from, e.g. a column of {@code <bos>}
     * @param maxNewTokens the most tokens generated per row, the end token included
     * @param endId        the token that ends a row, or -1 for none
     * @return each row's generated tokens, without the prompt and the end token
     * @throws IllegalArgumentException for a prompt that is not {@code [B, t]} token ids, logits that are not
     *                                  {@code [B, V]} or hold NaN, or an end id outside the vocabulary
     */
    public static <S> List<int[]> decode(StepModel<S> model, S state, Tensor prompt, int maxNewTokens, int endId) {
        return Generation.run("greedy decoding", model, state, prompt, maxNewTokens, endId, Greedy::argmax);
    }

    /** {@link #decode(StepModel, Object, Tensor, int, int)} for a model of whole prefixes. */
    public static List<int[]> decode(PrefixModel model, Tensor prompt, int maxNewTokens, int endId) {
        return decode(model.stepwise(), null, prompt, maxNewTokens, endId);
    }

    static int argmax(float[] values, int offset, int vocab) {
        int best = 0;
        for (int v = 1; v < vocab; v++) if (values[offset + v] > values[offset + best]) best = v;
        return best;
    }
}
