package io.jgrad.decode;

import io.jgrad.DType;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

/** What the decoders share: token tensors made where the model runs, and checked logits read back. */
final class Tokens {
    private Tokens() {}

    /** {@code ids} as I64 {@code shape} on {@code backend}. */
    static Tensor of(long[] ids, Backend backend, int... shape) {
        try (var on = Backends.use(backend)) {
            return Tensor.wrap(ids, Shape.of(shape));
        }
    }

    /**
     * The prompt checked: I64 or I32 {@code [B, t]} with {@code B, t >= 1}, as I64.
     *
     * @param who the decoder, for the message
     */
    static Tensor prompt(Tensor prompt, String who) {
        if (prompt.rank() != 2 || prompt.dim(0) < 1 || prompt.dim(1) < 1
                || (prompt.dtype() != DType.I64 && prompt.dtype() != DType.I32)) {
            throw new IllegalArgumentException(who + ": the prompt must be token ids (I64 or I32) [B, t] with B, t >= 1,"
                    + " got " + prompt.dtype() + " " + prompt.shape());
        }
        return prompt.to(DType.I64);
    }

    /** Checks {@code maxNewTokens >= 1} and {@code endId >= -1}. */
    static void checkLimits(String who, int maxNewTokens, int endId) {
        if (maxNewTokens < 1) throw new IllegalArgumentException(who + ": maxNewTokens must be >= 1, got "
                + maxNewTokens);
        if (endId < -1) throw new IllegalArgumentException(who + ": the end id must be a token id or -1 (none), got "
                + endId);
    }

    /**
     * The logits read to the host as F32, checked to be {@code [rows, V]} with the end id inside the vocabulary, with
     * no NaN or +Infinity and some finite value in every row (-Infinity masks a token).
     *
     * @return the row-major values; the vocabulary size is {@code values.length / rows}
     */
    static float[] read(Tensor logits, int rows, int endId, String who) {
        if (logits.rank() != 2 || logits.dim(0) != rows || logits.dim(1) < 1) {
            throw new IllegalArgumentException(who + ": the model must return logits [" + rows + ", V] for " + rows
                    + " rows, got " + logits.shape());
        }
        if (endId >= logits.dim(1)) {
            throw new IllegalArgumentException(who + ": the end id " + endId + " is outside the model's vocabulary of "
                    + logits.dim(1));
        }
        float[] values = logits.toFloatArray();
        int vocab = logits.dim(1);
        for (int r = 0; r < rows; r++) {
            boolean anyFinite = false;
            for (int v = 0; v < vocab; v++) {
                float x = values[r * vocab + v];
                if (Float.isNaN(x) || x == Float.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(who + ": the model's logits for row " + r + " hold " + x
                            + " at token " + v);
                }
                anyFinite |= x != Float.NEGATIVE_INFINITY;
            }
            if (!anyFinite) throw new IllegalArgumentException(who + ": the model's logits for row " + r
                    + " are all -Infinity: no token can follow");
        }
        return values;
    }
}
