package io.jgrad.data.text;

/** Checks on token ids shared by the tokenizers and datasets. */
final class TokenIds {
    /** How {@value SpecialTokens#UNK} reads in decoded text. */
    static final char REPLACEMENT = '\uFFFD';

    private TokenIds() {}

    /**
     * {@code id}, checked to be in {@code [0, vocabSize)}.
     *
     * @param position where it is in its sequence, for the message, or -1
     */
    static int check(int id, int position, int vocabSize) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException("token id " + id + (position >= 0 ? " at position " + position : "")
                    + " is outside the vocabulary of " + vocabSize + " ids (0.." + (vocabSize - 1) + ")");
        }
        return id;
    }
}
