package io.jgrad.select.analyse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The analysis step's text tokeniser, kept minimal and in this one class so that a fuller tokeniser can take its
 * place: lower-cased words (runs of letters or digits; everything else separates them), with ids from a vocabulary
 * of the most frequent training words. Id 0 pads a sequence, id 1 stands for a word not in the vocabulary, and
 * vocabulary word {@code i} has id {@code i + 2}.
 *
 * @param vocabulary the known words, most frequent first
 */
public record WordTokenizer(List<String> vocabulary) {
    /** The id that pads a sequence to its length. */
    public static final int PAD = 0;
    /** The id of a word not in the vocabulary. */
    public static final int UNKNOWN = 1;

    /** Copies the vocabulary and checks its words are distinct. */
    public WordTokenizer {
        vocabulary = List.copyOf(vocabulary);
        if (vocabulary.stream().distinct().count() != vocabulary.size()) {
            throw new IllegalArgumentException("WordTokenizer: the vocabulary repeats a word");
        }
    }

    /** The words of {@code text}, lower-cased, in order. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean inWord = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (inWord && start < 0) start = i;
            if (!inWord && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return out;
    }

    /** A tokeniser knowing the {@code maxWords} most frequent words of {@code texts} (ties: first seen first). */
    public static WordTokenizer fit(List<String> texts, int maxWords) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            for (String w : words(Objects.requireNonNullElse(text, ""))) counts.merge(w, 1, Integer::sum);
        }
        List<String> byCount = new ArrayList<>(counts.keySet());
        byCount.sort(Comparator.comparing(w -> -counts.get(w)));
        return new WordTokenizer(byCount.subList(0, Math.min(maxWords, byCount.size())));
    }

    /** The number of ids, padding and unknown included. */
    public int idCount() {
        return vocabulary.size() + 2;
    }

    /** The ids of the first {@code length} words of {@code text}, padded with {@link #PAD} to {@code length}. */
    public long[] encode(String text, int length) {
        Map<String, Integer> ids = index();
        long[] out = new long[length];
        encodeInto(words(text), ids, out, 0, length);
        return out;
    }

    /** Writes the ids of {@code words} (at most {@code length}, then padding) into {@code out} from {@code offset}. */
    void encodeInto(List<String> words, Map<String, Integer> ids, long[] out, int offset, int length) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = i < words.size() ? ids.getOrDefault(words.get(i), UNKNOWN) : PAD;
        }
    }

    /** Word to id. */
    Map<String, Integer> index() {
        Map<String, Integer> ids = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) ids.put(vocabulary.get(i), i + 2);
        return ids;
    }
}
