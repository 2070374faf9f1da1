package io.jgrad.metrics;

import io.jgrad.Scope;
import io.jgrad.Tensor;

/**
 * Sequence metrics for the trainer ({@code Trainer.Builder.metrics}), exact over an epoch. The model's output is
 * class scores with the vocabulary on the last axis ({@code [B, T, V]} for targets {@code [B, T]}, or {@code [N, V]}
 * for {@code [N]}); targets equal to {@code ignoreId} (the padding id) count for nothing. Each update adds the batch's
 * totals to running scalars where the tensors are, so training reads nothing back per batch; {@link Metric#result()}
 * reads them. The functions behind them: {@link SequenceMetrics}.
 */
public final class TokenMetrics {
    private TokenMetrics() {}

    /** {@code perplexity}: exp of the mean cross-entropy per counted token. Lower is better. */
    public static Metric perplexity(long ignoreId) { return new CrossEntropy("perplexity", ignoreId, false); }

    /**
     * {@code bits_per_token}: the mean cross-entropy per counted token in bits (bits per character for a character
     * tokenizer). Lower is better.
     */
    public static Metric bitsPerToken(long ignoreId) { return new CrossEntropy("bits_per_token", ignoreId, true); }

    /** {@code token_accuracy}: the share of counted target tokens that are the arg-max of their scores. */
    public static Metric accuracy(long ignoreId) { return new Counting("token_accuracy", ignoreId, false); }

    /**
     * {@code exact_match}: the share of sequences (rows) whose every counted target token is the arg-max of its
     * scores; under teacher forcing this is each step right given the true prefix.
     */
    public static Metric exactMatch(long ignoreId) { return new Counting("exact_match", ignoreId, true); }

    /** Two running scalars on the outputs' device, added to in place (they outlive the trainer's step scopes). */
    private abstract static class Running implements Metric {
        private final String name;
        final long ignoreId;
        private Tensor sum, count;

        Running(String name, long ignoreId) {
            this.name = name;
            this.ignoreId = ignoreId;
        }

        /** The batch's total and count, as scalars. */
        abstract Tensor[] totals(Tensor output, Tensor target);

        @Override public String name() { return name; }

        @Override public void update(Tensor output, Tensor target) {
            Tensor[] t = totals(output, target);
            if (sum == null) {
                sum = Scope.escape(t[0]);
                count = Scope.escape(t[1]);
            } else {
                sum.addInPlace(t[0]);
                count.addInPlace(t[1]);
            }
        }

        /** The sum over the count (NaN before any counted token). */
        double mean() {
            if (sum == null) return Double.NaN;
            long n = count.longItem();
            return n == 0 ? Double.NaN : sum.item() / n;
        }

        @Override public void reset() {
            if (sum != null) {
                sum.storage().close();
                count.storage().close();
            }
            sum = count = null;
        }
    }

    private static final class CrossEntropy extends Running {
        private final boolean bits;

        CrossEntropy(String name, long ignoreId, boolean bits) {
            super(name, ignoreId);
            this.bits = bits;
        }

        @Override Tensor[] totals(Tensor output, Tensor target) {
            return SequenceMetrics.crossEntropyTotals(output, target, ignoreId);
        }

        @Override public double result() {
            double nats = mean();
            return bits ? SequenceMetrics.bitsPerToken(nats) : SequenceMetrics.perplexity(nats);
        }

        @Override public boolean higherIsBetter() { return false; }
    }

    private static final class Counting extends Running {
        private final boolean wholeRows;

        Counting(String name, long ignoreId, boolean wholeRows) {
            super(name, ignoreId);
            this.wholeRows = wholeRows;
        }

        @Override Tensor[] totals(Tensor output, Tensor target) {
            return wholeRows ? SequenceMetrics.exactRows(output, target, ignoreId)
                    : SequenceMetrics.tokenHits(output, target, ignoreId);
        }

        @Override public double result() { return mean(); }
    }
}
