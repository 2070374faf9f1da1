package io.jgrad.decode;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The loop of the decoders that pick one token per row per step: {@link Greedy} and {@link Sampler}. */
final class Generation {
    private Generation() {}

    /** Picks the next token of one row from its logits {@code values[offset .. offset+vocab)}. */
    interface Chooser {
        int choose(float[] values, int offset, int vocab);
    }

    /**
     * Feeds the prompt, then each row's chosen token, until every row has chosen the end token or
     * {@code maxNewTokens} tokens were chosen (the end token counts).
     *
     * @return each row's tokens after the prompt, without the end token
     */
    static <S> List<int[]> run(String who, StepModel<S> model, S state, Tensor prompt, int maxNewTokens, int endId,
                               Chooser chooser) {
        Tensor p = Tokens.prompt(prompt, who);
        Tokens.checkLimits(who, maxNewTokens, endId);
        int rows = p.dim(0);
        int[][] out = new int[rows][maxNewTokens];
        int[] lengths = new int[rows];
        boolean[] ended = new boolean[rows];
        int open = rows;
        StepModel.Step<S> s = model.step(p, state);
        for (int step = 0; ; step++) {
            float[] logits = Tokens.read(s.logits(), rows, endId, who);
            int vocab = logits.length / rows;
            long[] next = new long[rows];
            for (int r = 0; r < rows; r++) {
                if (ended[r]) { // a finished row is fed its end token again; what follows is not used
                    next[r] = endId;
                    continue;
                }
                int t = chooser.choose(logits, r * vocab, vocab);
                next[r] = t;
                if (t == endId) {
                    ended[r] = true;
                    open--;
                } else {
                    out[r][lengths[r]++] = t;
                }
            }
            if (open == 0 || step + 1 == maxNewTokens) break;
            s = model.step(Tokens.of(next, s.logits().backend(), rows, 1), s.state());
        }
        List<int[]> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) result.add(Arrays.copyOf(out[r], lengths[r]));
        return result;
    }
}
