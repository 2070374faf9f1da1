package io.jgrad.select.candidates;

import io.jgrad.DType;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.select.analyse.WordTokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed transformation from prepared inputs to a family's model inputs, applied before training and prediction (and
 * recorded with a saved model, see {@link #describe()}).
 */
public sealed interface FeatureEncoding permits FeatureEncoding.Identity, FeatureEncoding.HashedNgrams,
        FeatureEncoding.TokenSequence {

    /** The model inputs for {@code inputs} ({@code [N, ...]}). */
    Tensor apply(Tensor inputs);

    /** The shape of one encoded example, given one prepared example's shape. */
    List<Integer> encodedShape(List<Integer> inputShape);

    /** The dtype of the encoded inputs, given the prepared inputs' dtype. */
    DType encodedType(DType inputType);

    /** The encoding's name and settings, for reports and model metadata. */
    Map<String, String> describe();

    /**
     * The encoding {@link #describe()} wrote (e.g. into a saved model's hyperparameters; other entries are ignored);
     * identity when {@code description} names none.
     *
     * @throws IllegalArgumentException naming the entry that is unknown or malformed
     */
    static FeatureEncoding fromDescription(Map<String, String> description) {
        String kind = description.getOrDefault("input_encoding", "identity");
        return switch (kind) {
            case "identity" -> new Identity();
            case "hashed_ngrams" -> new HashedNgrams(integer(description, "input_encoding.buckets"),
                    integer(description, "input_encoding.max_n"));
            case "token_sequence" -> new TokenSequence(integer(description, "input_encoding.max_length"),
                    integer(description, "input_encoding.vocabulary"));
            default -> throw new IllegalArgumentException("unknown input_encoding '" + kind
                    + "' (known: identity, hashed_ngrams, token_sequence)");
        };
    }

    private static int integer(Map<String, String> description, String key) {
        String v = description.get(key);
        try {
            return Integer.parseInt(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
    }

    /** The inputs unchanged. */
    record Identity() implements FeatureEncoding {
        @Override
        public Tensor apply(Tensor inputs) { return inputs; }

        @Override
        public List<Integer> encodedShape(List<Integer> inputShape) { return List.copyOf(inputShape); }

        @Override
        public DType encodedType(DType inputType) { return inputType; }

        @Override
        public Map<String, String> describe() { return Map.of("input_encoding", "identity"); }
    }

    /**
     * fastText-style hashed n-grams of token ids: every n-gram of 1 to {@code maxN} consecutive tokens of a sequence
     * (token ids {@code [N, T]}, ids {@code <= 0} are padding and skipped) is hashed into one of {@code buckets} slots;
     * an example becomes the frequencies of its slots ({@code [N, buckets]} F32, summing to 1). A dense layer on these
     * frequencies is fastText's mean of n-gram embeddings; with a character tokenizer the n-grams are character
     * n-grams.
     *
     * @param buckets the number of hash slots
     * @param maxN    the longest n-gram
     */
    record HashedNgrams(int buckets, int maxN) implements FeatureEncoding {
        /** Needs at least one bucket and {@code maxN >= 1}. */
        public HashedNgrams {
            if (buckets < 1 || maxN < 1) {
                throw new IllegalArgumentException("HashedNgrams: buckets and maxN must be >= 1, got " + buckets + ", "
                        + maxN);
            }
        }

        @Override
        public Tensor apply(Tensor inputs) {
            requireTokenIds("HashedNgrams", inputs);
            int n = inputs.dim(0), t = inputs.dim(1);
            long[] ids = inputs.toLongArray();
            float[] out = new float[Math.multiplyExact(n, buckets)];
            for (int row = 0; row < n; row++) {
                int base = row * t, counted = 0;
                for (int start = 0; start < t; start++) {
                    long hash = 0xcbf29ce484222325L; // FNV-1a over the n-gram's ids, extended one token at a time
                    for (int len = 1; len <= maxN && start + len <= t; len++) {
                        long id = ids[base + start + len - 1];
                        if (id <= 0) break;
                        hash = (hash ^ id) * 0x100000001b3L;
                        out[row * buckets + (int) Math.floorMod(hash ^ len, (long) buckets)]++;
                        counted++;
                    }
                }
                if (counted > 0) {
                    for (int b = 0; b < buckets; b++) out[row * buckets + b] /= counted;
                }
            }
            return Tensor.of(out, n, buckets).to(DType.F32);
        }

        @Override
        public List<Integer> encodedShape(List<Integer> inputShape) { return List.of(buckets); }

        @Override
        public DType encodedType(DType inputType) { return DType.F32; }

        @Override
        public Map<String, String> describe() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("input_encoding", "hashed_ngrams");
            d.put("input_encoding.buckets", Integer.toString(buckets));
            d.put("input_encoding.max_n", Integer.toString(maxN));
            d.put("input_encoding.hash", "fnv1a64 over token ids, xor n-gram length, mod buckets; ids <= 0 skipped");
            return d;
        }
    }

    /**
     * Token ids as the sequence families take them ({@code [N, T]} I64, padded at the end with
     * {@link WordTokenizer#PAD}): each example cut to its first {@code maxLength} ids, and the ids of words beyond the
     * {@code vocabulary} most frequent (the tokeniser numbers words by frequency) replaced by
     * {@link WordTokenizer#UNKNOWN}, so that ids lie in {@code 0..vocabulary+1}.
     *
     * @param maxLength  the most ids an example keeps
     * @param vocabulary the most words kept
     */
    record TokenSequence(int maxLength, int vocabulary) implements FeatureEncoding {
        /** Needs {@code maxLength >= 1} and {@code vocabulary >= 1}. */
        public TokenSequence {
            if (maxLength < 1 || vocabulary < 1) {
                throw new IllegalArgumentException("TokenSequence: maxLength and vocabulary must be >= 1, got "
                        + maxLength + ", " + vocabulary);
            }
        }

        /** The ids an encoded example's ids lie in ({@code 0..idCount()-1}): the words, padding and unknown. */
        public int idCount() { return vocabulary + 2; }

        @Override
        public Tensor apply(Tensor inputs) {
            requireTokenIds("TokenSequence", inputs);
            int n = inputs.dim(0), t = inputs.dim(1), kept = Math.min(t, maxLength);
            long[] ids = inputs.toLongArray();
            long[] out = new long[Math.multiplyExact(n, kept)];
            for (int row = 0; row < n; row++) {
                for (int j = 0; j < kept; j++) {
                    long id = ids[row * t + j];
                    if (id < 0) {
                        throw new IllegalArgumentException("TokenSequence: token id " + id + " at row " + row
                                + ", position " + j + " is negative");
                    }
                    out[row * kept + j] = id >= idCount() ? WordTokenizer.UNKNOWN : id;
                }
            }
            return Tensor.wrap(out, Shape.of(n, kept));
        }

        @Override
        public List<Integer> encodedShape(List<Integer> inputShape) {
            if (inputShape.size() != 1) {
                throw new IllegalArgumentException("TokenSequence: expected token ids [T] per example, got shape "
                        + inputShape);
            }
            return List.of(Math.min(inputShape.getFirst(), maxLength));
        }

        @Override
        public DType encodedType(DType inputType) { return DType.I64; }

        @Override
        public Map<String, String> describe() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("input_encoding", "token_sequence");
            d.put("input_encoding.max_length", Integer.toString(maxLength));
            d.put("input_encoding.vocabulary", Integer.toString(vocabulary));
            d.put("input_encoding.ids", "the first max_length ids; ids above vocabulary + 1 become the unknown id 1;"
                    + " 0 pads");
            return d;
        }
    }

    private static void requireTokenIds(String encoding, Tensor inputs) {
        if (inputs.rank() != 2 || inputs.dtype().isFloating()) {
            throw new IllegalArgumentException(encoding + ": expected token ids [N, T] (integers), got "
                    + inputs.dtype() + " " + inputs.shape());
        }
    }
}
