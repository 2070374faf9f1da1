package io.jgrad.data.text;

import io.jgrad.io.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One token per word or punctuation mark. Text is split at whitespace; a run of letters, digits and combining marks
 * is one word, and every other character (punctuation, symbols) is a token of its own, so {@code "don't stop!"} is
 * {@code don ' t stop !}. With {@code lowercase} the text is lower-cased first ({@link Locale#ROOT}). The vocabulary
 * ({@link #fit}) holds the corpus's most frequent tokens, most frequent first (ties in string order).
 *
 * <p>{@link #decode} joins the tokens with single spaces: it shows the words, not the original spacing or case.
 */
public final class WordTokenizer implements Tokenizer {
    /**
     * How {@link #fit} builds a vocabulary.
     *
     * @param lowercase    lower-case the text before splitting it (when fitting and encoding)
     * @param minFrequency the fewest occurrences a token needs to be in the vocabulary (at least 1)
     * @param maxSize      the most ids in the vocabulary, special tokens included
     */
    public record Options(boolean lowercase, int minFrequency, int maxSize) {
        /** Checks the bounds. */
        public Options {
            if (minFrequency < 1) throw new IllegalArgumentException("WordTokenizer: minFrequency must be >= 1, got "
                    + minFrequency);
            if (maxSize < 1) throw new IllegalArgumentException("WordTokenizer: maxSize must be >= 1, got " + maxSize);
        }

        /** Every token of the corpus, case kept. */
        public static Options defaults() { return new Options(false, 1, Integer.MAX_VALUE); }
    }

    private final SpecialTokens specials;
    private final boolean lowercase;
    private final List<String> words; // id = specials.size() + index
    private final Map<String, Integer> ids = new HashMap<>();
    private final int unknown;

    private WordTokenizer(SpecialTokens specials, boolean lowercase, List<String> words) {
        this.specials = specials;
        this.lowercase = lowercase;
        this.words = List.copyOf(words);
        this.unknown = specials.id(SpecialTokens.UNK);
        if (words.isEmpty()) throw new IllegalArgumentException("WordTokenizer: the vocabulary has no words");
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new IllegalArgumentException("WordTokenizer: '" + Json.printable(w) + "' holds a lone surrogate,"
                        + " which is not Unicode text");
            }
            List<String> split = split(w, false);
            if (split.size() != 1 || !split.getFirst().equals(w)) {
                throw new IllegalArgumentException("WordTokenizer: '" + Json.printable(w) + "' is not one token");
            }
            if (lowercase && !w.toLowerCase(Locale.ROOT).equals(w)) {
                throw new IllegalArgumentException("WordTokenizer: '" + Json.printable(w) + "' has upper-case letters"
                        + " in a lower-casing vocabulary");
            }
            if (ids.put(w, specials.size() + i) != null) {
                throw new IllegalArgumentException("WordTokenizer: '" + Json.printable(w) + "' is in the vocabulary"
                        + " twice");
            }
        }
    }

    /**
     * The vocabulary of {@code corpus}'s tokens after {@code specials}: those seen at least {@code minFrequency}
     * times, the most frequent first, cut to {@code maxSize} ids in all.
     *
     * @throws IllegalArgumentException if no token is left (an empty corpus, or limits that keep nothing)
     */
    public static WordTokenizer fit(String corpus, Options options, SpecialTokens specials) {
        if (options.maxSize() <= specials.size()) {
            throw new IllegalArgumentException("WordTokenizer: maxSize " + options.maxSize() + " leaves no room for"
                    + " words after " + specials.size() + " special tokens");
        }
        Map<String, Long> counts = new HashMap<>();
        for (String t : split(corpus, options.lowercase())) counts.merge(t, 1L, Long::sum);
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) if (e.getValue() >= options.minFrequency()) kept.add(e);
        kept.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int room = options.maxSize() - specials.size();
        List<String> words = kept.stream().limit(room).map(Map.Entry::getKey).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("WordTokenizer: no word to build a vocabulary from (" + counts.size()
                    + " distinct tokens in the corpus, none seen " + options.minFrequency() + " times or more)");
        }
        return new WordTokenizer(specials, options.lowercase(), words);
    }

    /**
     * A vocabulary of exactly these words, in id order, after {@code specials}; how a saved one is read back.
     *
     * @throws IllegalArgumentException if a word is not one token, is given twice, or has upper case letters in a
     *                                  lower-casing vocabulary
     */
    public static WordTokenizer of(List<String> words, boolean lowercase, SpecialTokens specials) {
        return new WordTokenizer(specials, lowercase, words);
    }

    /** The tokens of {@code text} as this tokenizer splits it (see the class comment). */
    public static List<String> split(String text, boolean lowercase) {
        String s = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        int start = -1; // start of the current word, or -1
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isWordPart(cp)) {
                if (start < 0) start = i;
            } else {
                if (start >= 0) out.add(s.substring(start, i));
                start = -1;
                if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) out.add(Character.toString(cp));
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) out.add(s.substring(start));
        return out;
    }

    private static boolean isWordPart(int cp) {
        if (Character.isLetterOrDigit(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    @Override
    public int vocabSize() { return specials.size() + words.size(); }

    @Override
    public SpecialTokens specials() { return specials; }

    /** Whether text is lower-cased before it is split. */
    public boolean lowercase() { return lowercase; }

    /** The ordinary tokens, in id order. */
    public List<String> words() { return words; }

    @Override
    public int[] encode(String text) {
        List<String> tokens = split(text, lowercase);
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            Integer id = ids.get(tokens.get(i));
            if (id == null && unknown < 0) {
                throw new IllegalArgumentException("WordTokenizer: the token '" + Json.printable(tokens.get(i))
                        + "' (token " + i + ") is not in the vocabulary, which has no " + SpecialTokens.UNK + " token");
            }
            out[i] = id == null ? unknown : id;
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            int id = TokenIds.check(ids[i], i, vocabSize());
            if (id < specials.size() && id != unknown) continue;
            if (!sb.isEmpty()) sb.append(' ');
            if (id == unknown) sb.append(TokenIds.REPLACEMENT);
            else sb.append(words.get(id - specials.size()));
        }
        return sb.toString();
    }

    @Override
    public String token(int id) {
        TokenIds.check(id, -1, vocabSize());
        return id < specials.size() ? specials.tokens().get(id) : words.get(id - specials.size());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = TokenizerJson.header("word", specials, vocabSize());
        out.put("lowercase", lowercase);
        out.put("tokens", words);
        return out;
    }

    @Override
    public String toString() {
        return "WordTokenizer(" + vocabSize() + " ids, specials " + specials.tokens() + ", lowercase " + lowercase + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordTokenizer w && w.specials.equals(specials) && w.lowercase == lowercase
                && w.words.equals(words);
    }

    @Override
    public int hashCode() { return (31 * specials.hashCode() + words.hashCode()) * 2 + (lowercase ? 1 : 0); }
}
