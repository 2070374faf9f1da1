package io.jgrad.data.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One token per Unicode code point (not per UTF-16 char, so an emoji is one token), with the vocabulary of the code
 * points of a corpus ({@link #fit}) in ascending order after the special tokens.
 */
public final class CharTokenizer implements Tokenizer {
    private final SpecialTokens specials;
    private final int[] codePoints; // ascending, distinct: id = specials.size() + index
    private final int unknown;      // the id of <unk>, or -1

    private CharTokenizer(SpecialTokens specials, int[] codePoints) {
        this.specials = specials;
        this.codePoints = codePoints;
        this.unknown = specials.id(SpecialTokens.UNK);
    }

    /**
     * The vocabulary of the code points in {@code corpus}, after {@code specials}.
     *
     * @throws IllegalArgumentException if the corpus is empty
     */
    public static CharTokenizer fit(String corpus, SpecialTokens specials) {
        if (corpus.isEmpty()) throw new IllegalArgumentException("CharTokenizer: the corpus is empty, so there are no"
                + " characters to build a vocabulary from");
        return of(corpus.codePoints().distinct().toArray(), specials); // checks for lone surrogates
    }

    /**
     * A vocabulary of exactly these code points (in any order; they are sorted), after {@code specials}; how a saved
     * one is read back.
     *
     * @throws IllegalArgumentException if a code point is invalid or given twice, or none is given
     */
    public static CharTokenizer of(int[] codePoints, SpecialTokens specials) {
        int[] sorted = codePoints.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) throw new IllegalArgumentException("CharTokenizer: the vocabulary has no characters");
        for (int i = 0; i < sorted.length; i++) {
            if (!Character.isValidCodePoint(sorted[i]) || (sorted[i] >= 0xD800 && sorted[i] <= 0xDFFF)) {
                throw new IllegalArgumentException("CharTokenizer: " + String.format("U+%04X", sorted[i])
                        + " is not a Unicode scalar value (a lone surrogate?)");
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("CharTokenizer: the character " + printable(sorted[i])
                        + " is in the vocabulary twice");
            }
        }
        return new CharTokenizer(specials, sorted);
    }

    @Override
    public int vocabSize() { return specials.size() + codePoints.length; }

    @Override
    public SpecialTokens specials() { return specials; }

    /** The ordinary tokens' code points, in id order. */
    public int[] codePoints() { return codePoints.clone(); }

    @Override
    public int[] encode(String text) {
        int[] ids = new int[text.codePointCount(0, text.length())];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int at = Arrays.binarySearch(codePoints, cp);
            if (at >= 0) {
                ids[n++] = specials.size() + at;
            } else if (unknown >= 0) {
                ids[n++] = unknown;
            } else {
                throw new IllegalArgumentException("CharTokenizer: the character " + printable(cp) + " at index " + i
                        + " is not in the vocabulary, which has no " + SpecialTokens.UNK + " token");
            }
            i += Character.charCount(cp);
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int id = TokenIds.check(ids[i], i, vocabSize());
            if (id >= specials.size()) sb.appendCodePoint(codePoints[id - specials.size()]);
            else if (id == unknown) sb.append(TokenIds.REPLACEMENT);
        }
        return sb.toString();
    }

    @Override
    public String token(int id) {
        TokenIds.check(id, -1, vocabSize());
        return id < specials.size() ? specials.tokens().get(id) : Character.toString(codePoints[id - specials.size()]);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = TokenizerJson.header("char", specials, vocabSize());
        List<String> chars = new ArrayList<>(codePoints.length);
        for (int cp : codePoints) chars.add(Character.toString(cp));
        out.put("tokens", chars);
        return out;
    }

    /** {@code 'a' (U+0061)}, or just the code for an invisible character. */
    static String printable(int cp) {
        String code = String.format("U+%04X", cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp) ? code : "'" + Character.toString(cp) + "' ("
                + code + ")";
    }

    @Override
    public String toString() { return "CharTokenizer(" + vocabSize() + " ids, specials " + specials.tokens() + ")"; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharTokenizer c && c.specials.equals(specials) && Arrays.equals(c.codePoints, codePoints);
    }

    @Override
    public int hashCode() { return 31 * specials.hashCode() + Arrays.hashCode(codePoints); }
}
