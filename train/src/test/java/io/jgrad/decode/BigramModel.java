package io.jgrad.decode;

import io.jgrad.Tensor;

/**
 * A hand-made deterministic language model: the next token's probabilities depend only on the last token, read from
 * a fixed table. Its state is nothing (the decoders feed it the last token), so it also checks that decoders feed
 * the right tokens; {@link #prefixes()} is the same model taking whole prefixes.
 */
final class BigramModel implements StepModel<Void> {
    private final double[][] probabilities; // [previous][next], each row sums to 1
    int calls;

    BigramModel(double[][] probabilities) { this.probabilities = probabilities; }

    int vocab() { return probabilities.length; }

    double probability(int previous, int next) { return probabilities[previous][next]; }

    private Tensor logitsAfter(long[] last) {
        int v = vocab();
        float[] out = new float[last.length * v];
        for (int r = 0; r < last.length; r++) {
            for (int t = 0; t < v; t++) out[r * v + t] = (float) Math.log(probabilities[(int) last[r]][t]);
        }
        return Tensor.of(out, last.length, v);
    }

    private static long[] lastColumn(Tensor tokens) {
        return tokens.select(1, tokens.dim(1) - 1).contiguous().toLongArray();
    }

    @Override
    public Step<Void> step(Tensor tokens, Void state) {
        calls++;
        return new Step<>(logitsAfter(lastColumn(tokens)), null);
    }

    @Override
    public Void select(Void state, Tensor rows) { return null; }

    PrefixModel prefixes() { return prefixes -> logitsAfter(lastColumn(prefixes)); }
}
