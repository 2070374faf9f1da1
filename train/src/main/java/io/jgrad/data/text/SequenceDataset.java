package io.jgrad.data.text;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.data.Batch;
import io.jgrad.data.Dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token sequences of different lengths, padded per batch ({@link SequenceCollate}): each batch's inputs are the
 * padded ids {@code [B, T]} and the lengths {@code [B]} (in that order, {@link Batch#of}), {@code T} the batch's
 * longest item. The target is either one label per sequence ({@link #classification}, I64 {@code [B]}) or, for a
 * language model over separate items ({@link #languageModel}), the next token at every step (I64 {@code [B, T]},
 * padded with the padding id, which the loss should ignore).
 */
public final class SequenceDataset implements Dataset {
    private final List<int[]> inputs;
    private final List<int[]> nextTokens; // null: classification
    private final long[] labels;          // null: language model
    private final int padId;

    private SequenceDataset(List<int[]> inputs, List<int[]> nextTokens, long[] labels, int padId) {
        this.inputs = inputs;
        this.nextTokens = nextTokens;
        this.labels = labels;
        this.padId = padId;
    }

    /**
     * Sequences with a class label each.
     *
     * @throws IllegalArgumentException if the counts differ, or a sequence is empty or holds the padding id
     */
    public static SequenceDataset classification(List<int[]> sequences, long[] labels, int padId) {
        if (sequences.size() != labels.length) {
            throw new IllegalArgumentException("SequenceDataset: " + sequences.size() + " sequences but "
                    + labels.length + " labels");
        }
        return new SequenceDataset(checked(sequences, padId, 1), null, labels.clone(), padId);
    }

    /**
     * Separate sequences for next-token prediction: item {@code i}'s input is {@code seq[0 .. n-1)} and its target
     * {@code seq[1 .. n)} (so a sequence needs two tokens or more; put the begin and end tokens in it if the model
     * should learn them).
     *
     * @throws IllegalArgumentException if a sequence has fewer than two tokens or holds the padding id
     */
    public static SequenceDataset languageModel(List<int[]> sequences, int padId) {
        List<int[]> all = checked(sequences, padId, 2);
        List<int[]> in = new ArrayList<>(all.size()), next = new ArrayList<>(all.size());
        for (int[] s : all) {
            in.add(Arrays.copyOf(s, s.length - 1));
            next.add(Arrays.copyOfRange(s, 1, s.length));
        }
        return new SequenceDataset(in, next, null, padId);
    }

    private static List<int[]> checked(List<int[]> sequences, int padId, int minLength) {
        if (padId < 0) throw new IllegalArgumentException("SequenceDataset: the padding id must be >= 0, got " + padId);
        List<int[]> out = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            int[] s = sequences.get(i);
            if (s.length < minLength) {
                throw new IllegalArgumentException("SequenceDataset: sequence " + i + " has " + s.length
                        + " tokens; it needs " + minLength + " or more");
            }
            SequenceCollate.checkTokens(s, i, padId);
            out.add(s.clone());
        }
        return List.copyOf(out);
    }

    /** The padding id. */
    public int padId() { return padId; }

    @Override
    public int size() { return inputs.size(); }

    @Override
    public Batch get(int[] indices) {
        List<int[]> in = new ArrayList<>(indices.length), next = new ArrayList<>(indices.length);
        long[] y = labels == null ? null : new long[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("SequenceDataset: index " + i + " outside "
                    + size() + " sequences");
            in.add(inputs.get(i));
            if (labels != null) y[b] = labels[i];
            else next.add(nextTokens.get(i));
        }
        SequenceCollate.Padded x = SequenceCollate.stack(in, padId);
        Tensor target = labels != null ? Tensor.wrap(y, Shape.of(indices.length))
                : SequenceCollate.stack(next, padId).ids();
        return Batch.of(List.of(x.ids(), x.lengths()), List.of(target));
    }
}
