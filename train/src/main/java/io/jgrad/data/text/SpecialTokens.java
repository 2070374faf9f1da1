package io.jgrad.data.text;

import io.jgrad.io.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The special tokens of a vocabulary, in id order: they take ids {@code 0 .. size()-1}, before every ordinary token.
 * Four names have a meaning to jgrad: {@value #PAD} (padding, see {@link SequenceCollate}), {@value #BOS} and
 * {@value #EOS} (begin and end of a sequence) and {@value #UNK} (what a character or word outside the vocabulary
 * becomes; without it such input is an error). Any other name, e.g. {@code <sep>}, is allowed. A special token never
 * comes out of {@link Tokenizer#encode}: text that spells {@code <pad>} is tokenized as the characters or words it
 * holds.
 *
 * @param tokens the names, distinct and non-empty
 */
public record SpecialTokens(List<String> tokens) {
    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String UNK = "<unk>";

    /** Copies the list and checks the names. */
    public SpecialTokens {
        tokens = List.copyOf(tokens);
        Set<String> seen = new HashSet<>();
        for (String t : tokens) {
            if (t.isEmpty()) throw new IllegalArgumentException("special tokens: a name is empty in " + tokens);
            if (!seen.add(t)) {
                throw new IllegalArgumentException("special tokens: '" + Json.printable(t) + "' is given twice in "
                        + tokens);
            }
        }
    }

    /** These names in this order. */
    public static SpecialTokens of(String... tokens) { return new SpecialTokens(List.of(tokens)); }

    /** No special tokens. */
    public static SpecialTokens none() { return new SpecialTokens(List.of()); }

    /** The id of {@code token}, or -1 when it is not one of these. */
    public int id(String token) { return tokens.indexOf(token); }

    /** The number of special tokens (the first ordinary token's id). */
    public int size() { return tokens.size(); }
}
