package io.jgrad.data.text;

import java.util.Map;

/**
 * Text to token ids and back, with a fixed vocabulary of {@link #vocabSize()} ids: the {@link #specials()} first
 * (ids {@code 0 .. specials().size()-1}), then the ordinary tokens. Save one beside a model with
 * {@link Tokenizers#save} and load it back with {@link Tokenizers#load}, or put it in the model file's metadata with
 * {@code ModelCard.withTokenizer}.
 */
public sealed interface Tokenizer permits CharTokenizer, ByteTokenizer, WordTokenizer {
    /** The number of ids, special tokens included: the size of a model's embedding table and of its output. */
    int vocabSize();

    /** The special tokens, which take the first ids. */
    SpecialTokens specials();

    /**
     * The ids of {@code text}'s tokens. A character or word outside the vocabulary becomes {@value SpecialTokens#UNK}
     * when the vocabulary has it.
     *
     * @throws IllegalArgumentException for a token outside a vocabulary without {@value SpecialTokens#UNK}, naming
     *                                  it and its position
     */
    int[] encode(String text);

    /**
     * The text of {@code ids}: special tokens are left out, except {@value SpecialTokens#UNK}, which shows as
     * U+FFFD (the replacement character).
     *
     * @throws IllegalArgumentException for an id outside the vocabulary, naming it and its position
     */
    String decode(int[] ids);

    /** How id {@code id} reads: a special token's name, or the character, byte or word it stands for. */
    String token(int id);

    /** The id of special token {@code name}, or -1 when this vocabulary has none. */
    default int specialId(String name) { return specials().id(name); }

    /**
     * The id of special token {@code name}.
     *
     * @throws IllegalArgumentException when this vocabulary has none, naming the ones it has
     */
    default int requireSpecial(String name) {
        int id = specials().id(name);
        if (id < 0) {
            throw new IllegalArgumentException("tokenizer: the vocabulary has no special token " + name
                    + " (it has " + specials().tokens() + "); add it when building the vocabulary");
        }
        return id;
    }

    /** The vocabulary as a JSON object's members, {@code "format"} first (see {@link Tokenizers}). */
    Map<String, Object> describe();
}
