package io.jgrad.metrics;

import io.jgrad.DType;
import io.jgrad.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Metrics of token sequences. Tensor arguments are class scores (logits) with the vocabulary on the last axis,
 * {@code [..., V]}, and target token ids {@code [...]} (I64 or I32), e.g. {@code [B, T, V]} and {@code [B, T]}; the
 * token accuracy and exact match also take predicted ids shaped like the targets. Targets equal to {@code ignoreId}
 * (the padding id) count for nothing. For the trainer's per-epoch versions see {@link TokenMetrics}.
 */
public final class SequenceMetrics {
    private SequenceMetrics() {}

    private static final double LN2 = Math.log(2);

    /** {@code exp(meanNats)}: the perplexity of a mean cross-entropy per token in nats. */
    public static double perplexity(double meanNats) { return Math.exp(meanNats); }

    /**
     * {@code meanNats / ln 2}: a mean cross-entropy per token in nats as bits per token, which are bits per character
     * when the tokens are characters.
     */
    public static double bitsPerToken(double meanNats) { return meanNats / LN2; }

    /**
     * Bits per character from the total cross-entropy in nats over text of {@code characters} characters, whatever
     * its tokens (bytes or words): {@code totalNats / ln 2 / characters}.
     */
    public static double bitsPerCharacter(double totalNats, long characters) {
        if (characters <= 0) throw new IllegalArgumentException("bits per character: needs characters > 0, got "
                + characters);
        return totalNats / LN2 / characters;
    }

    /**
     * The mean cross-entropy in nats of the target tokens under the logits, over the targets other than
     * {@code ignoreId} (NaN when every target is ignored).
     */
    public static double meanCrossEntropy(Tensor logits, Tensor targets, long ignoreId) {
        Tensor[] totals = crossEntropyTotals(logits, targets, ignoreId);
        long n = totals[1].longItem();
        return n == 0 ? Double.NaN : totals[0].item() / n;
    }

    /** The share of target tokens other than {@code ignoreId} that are predicted (NaN when every one is ignored). */
    public static double tokenAccuracy(Tensor output, Tensor targets, long ignoreId) {
        Tensor[] totals = tokenHits(output, targets, ignoreId);
        long n = totals[1].longItem();
        return n == 0 ? Double.NaN : (double) totals[0].longItem() / n;
    }

    /**
     * The share of sequences (rows, the first axis) whose every target token other than {@code ignoreId} is
     * predicted; NaN for no rows.
     */
    public static double exactMatch(Tensor output, Tensor targets, long ignoreId) {
        Tensor[] totals = exactRows(output, targets, ignoreId);
        long n = totals[1].longItem();
        return n == 0 ? Double.NaN : (double) totals[0].longItem() / n;
    }

    /** The share of {@code predictions} equal to their reference, token for token (e.g. decoded outputs). */
    public static double exactMatch(List<int[]> predictions, List<int[]> references) {
        if (predictions.size() != references.size()) {
            throw new IllegalArgumentException("exact match: " + predictions.size() + " predictions but "
                    + references.size() + " references");
        }
        if (predictions.isEmpty()) return Double.NaN;
        long same = 0;
        for (int i = 0; i < predictions.size(); i++) if (Arrays.equals(predictions.get(i), references.get(i))) same++;
        return (double) same / predictions.size();
    }

    // ---- totals computed where the tensors are, as scalars (nothing read back) ----

    /** The summed cross-entropy (F64 scalar) and the number of counted targets (I64 scalar). */
    static Tensor[] crossEntropyTotals(Tensor logits, Tensor targets, long ignoreId) {
        checkScores("cross-entropy", logits, targets);
        Tensor valid = targets.ne(ignoreId);
        Tensor ids = Tensor.where(valid, targets.to(DType.I64), Tensor.zerosLike(targets).to(DType.I64));
        int last = logits.rank() - 1;
        Tensor picked = logits.logSoftmax(last).gather(last, ids.unsqueeze(last)).squeeze(last);
        Tensor nats = picked.neg().mul(valid.to(picked.dtype())).sum().to(DType.F64);
        return new Tensor[] {nats, valid.to(DType.I64).sum()};
    }

    /** The number of counted target tokens that are predicted, and of counted target tokens (I64 scalars). */
    static Tensor[] tokenHits(Tensor output, Tensor targets, long ignoreId) {
        Tensor valid = targets.ne(ignoreId);
        Tensor counted = valid.to(DType.I64);
        Tensor hits = predicted("token accuracy", output, targets).eq(targets.to(DType.I64)).to(DType.I64).mul(counted);
        return new Tensor[] {hits.sum(), counted.sum()};
    }

    /** The number of rows whose counted targets are all predicted, and of rows (I64 scalars). */
    static Tensor[] exactRows(Tensor output, Tensor targets, long ignoreId) {
        Tensor wrong = predicted("exact match", output, targets).ne(targets.to(DType.I64)).to(DType.I64)
                .mul(targets.ne(ignoreId).to(DType.I64));
        int rows = targets.rank() == 0 ? 0 : targets.dim(0);
        if (rows == 0 || targets.numel() == 0) {
            Tensor none = Tensor.scalar(DType.I64, 0).to(targets.backend());
            return new Tensor[] {none, Tensor.scalar(DType.I64, rows).to(targets.backend())};
        }
        Tensor perRow = wrong.reshape(rows, -1).sum(1, false);
        return new Tensor[] {perRow.eq(0).to(DType.I64).sum(), Tensor.scalar(DType.I64, rows).to(targets.backend())};
    }

    /** Predicted ids shaped like the targets: the arg-max of scores {@code [..., V]}, or the ids themselves. */
    private static Tensor predicted(String metric, Tensor output, Tensor targets) {
        if (output.shape().equals(targets.shape())) return output.to(DType.I64);
        checkScores(metric, output, targets);
        return output.argmax(output.rank() - 1, false);
    }

    private static void checkScores(String metric, Tensor scores, Tensor targets) {
        int[] expected = Arrays.copyOf(scores.dims(), Math.max(0, scores.rank() - 1));
        if (scores.rank() < 2 || !Arrays.equals(expected, targets.dims())) {
            throw new IllegalArgumentException(metric + ": expected class scores [..., V] with targets [...] (the"
                    + " scores' shape without its last axis), got scores " + scores.shape() + " and targets "
                    + targets.shape());
        }
        if (targets.dtype() != DType.I64 && targets.dtype() != DType.I32) {
            throw new IllegalArgumentException(metric + ": targets must be I64 or I32 token ids, got " + targets.dtype());
        }
    }
}
