package io.jgrad.data.text;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.data.Batch;
import io.jgrad.data.Dataset;

/**
 * A token stream cut into fixed-length windows for language modelling: example {@code i} has the input
 * {@code tokens[s .. s+T)} and the target {@code tokens[s+1 .. s+T+1)}, the same window one token later, with
 * {@code s = i * stride}. Both are I64 {@code [T]}, so a batch is {@code [B, T]} inputs and {@code [B, T]} targets.
 * There are {@code (n - 1 - T) / stride + 1} windows in {@code n} tokens; a tail shorter than a stride is left out.
 * The stride defaults to {@code T} (windows side by side); a smaller one makes them overlap.
 */
public final class TextDataset implements Dataset {
    private final int[] tokens;
    private final int length;
    private final int stride;

    private TextDataset(int[] tokens, int length, int stride) {
        this.tokens = tokens;
        this.length = length;
        this.stride = stride;
    }

    /** Windows of {@code length} tokens side by side. */
    public static TextDataset windows(int[] tokens, int length) { return windows(tokens, length, length); }

    /**
     * Windows of {@code length} tokens, one every {@code stride} tokens.
     *
     * @throws IllegalArgumentException if the length or stride is below 1, a token id is negative, or the stream is
     *                                  too short for one window (it needs {@code length + 1} tokens)
     */
    public static TextDataset windows(int[] tokens, int length, int stride) {
        if (length < 1) throw new IllegalArgumentException("TextDataset: the window length must be >= 1, got " + length);
        if (stride < 1) throw new IllegalArgumentException("TextDataset: the stride must be >= 1, got " + stride);
        if (tokens.length < (long) length + 1) {
            throw new IllegalArgumentException("TextDataset: a window of " + length + " tokens needs " + (length + 1L)
                    + " tokens (input and the target one token later), but the stream has " + tokens.length);
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0) throw new IllegalArgumentException("TextDataset: token " + i + " has the negative id "
                    + tokens[i]);
        }
        return new TextDataset(tokens.clone(), length, stride);
    }

    /** The window length {@code T}. */
    public int windowLength() { return length; }

    public int stride() { return stride; }

    @Override
    public int size() { return (tokens.length - 1 - length) / stride + 1; }

    @Override
    public Batch get(int[] indices) {
        int n = size();
        long[] x = new long[Math.multiplyExact(indices.length, length)];
        long[] y = new long[x.length];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("TextDataset: index " + i + " outside " + n
                    + " windows");
            int start = i * stride;
            for (int t = 0; t < length; t++) {
                x[b * length + t] = tokens[start + t];
                y[b * length + t] = tokens[start + t + 1];
            }
        }
        Shape shape = Shape.of(indices.length, length);
        return new Batch(Tensor.wrap(x, shape), Tensor.wrap(y, shape));
    }
}
