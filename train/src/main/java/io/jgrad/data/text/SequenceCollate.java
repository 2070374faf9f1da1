package io.jgrad.data.text;

import io.jgrad.Shape;
import io.jgrad.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Stacks token sequences of different lengths into one batch: each is padded at the end to the longest one's length
 * with the padding id, and the true lengths come along, as PyTorch's {@code pad_sequence} with the lengths a packed
 * sequence needs. Layers take the lengths so that padded steps change nothing; losses skip padded targets with the
 * padding id as their ignored label ({@code CrossEntropyLoss.ignoreIndex(padId)}).
 */
public final class SequenceCollate {
    private SequenceCollate() {}

    /**
     * A padded batch.
     *
     * @param ids     I64 {@code [B, T]}, {@code T} the longest item's length, padded at the end with the padding id
     * @param lengths I64 {@code [B]}, each item's length, in {@code [1, T]}
     */
    public record Padded(Tensor ids, Tensor lengths) {}

    /**
     * {@code items} padded with {@code padId}.
     *
     * @throws IllegalArgumentException if there are no items, an item is empty, the padding id is negative, or an item
     *                                  holds the padding id (it would be taken for padding), naming the item and
     *                                  position
     */
    public static Padded pad(List<int[]> items, int padId) {
        if (items.isEmpty()) throw new IllegalArgumentException("sequence collate: no items to pad");
        if (padId < 0) throw new IllegalArgumentException("sequence collate: the padding id must be >= 0, got " + padId);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).length == 0) throw new IllegalArgumentException("sequence collate: item " + i + " is empty");
            checkTokens(items.get(i), i, padId);
        }
        return stack(items, padId);
    }

    /** {@link #pad} without the checks, for items already checked (datasets check theirs once, when built). */
    static Padded stack(List<int[]> items, int padId) {
        int longest = 0;
        for (int[] item : items) longest = Math.max(longest, item.length);
        long[] ids = new long[Math.multiplyExact(items.size(), longest)];
        long[] lengths = new long[items.size()];
        Arrays.fill(ids, padId);
        for (int i = 0; i < items.size(); i++) {
            int[] item = items.get(i);
            for (int t = 0; t < item.length; t++) ids[i * longest + t] = item[t];
            lengths[i] = item.length;
        }
        return new Padded(Tensor.wrap(ids, Shape.of(items.size(), longest)),
                Tensor.wrap(lengths, Shape.of(items.size())));
    }

    /** Checks that {@code item} holds token ids (>= 0) other than the padding id. */
    static void checkTokens(int[] item, int index, int padId) {
        for (int t = 0; t < item.length; t++) {
            if (item[t] == padId) {
                throw new IllegalArgumentException("sequence collate: item " + index + " holds the padding id " + padId
                        + " at position " + t + ", so it could not be told from padding (a tokenizer's "
                        + SpecialTokens.PAD + " never comes out of encode; is the padding id an ordinary token's?)");
            }
            if (item[t] < 0) {
                throw new IllegalArgumentException("sequence collate: item " + index + " holds the negative token id "
                        + item[t] + " at position " + t);
            }
        }
    }
}
