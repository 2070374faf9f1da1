package io.jgrad.data.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One token per byte of the UTF-8 encoding (or of raw bytes, {@link #encode(byte[])}): 256 ordinary tokens after the
 * special tokens, so byte {@code b} has id {@code specials().size() + b}. It needs no corpus and never fails on any
 * input.
 */
public final class ByteTokenizer implements Tokenizer {
    private final SpecialTokens specials;

    /** The 256 bytes after {@code specials}. */
    public ByteTokenizer(SpecialTokens specials) {
        if (specials.id(SpecialTokens.UNK) >= 0) {
            throw new IllegalArgumentException("ByteTokenizer: every input is made of known bytes, so "
                    + SpecialTokens.UNK + " would never be used; leave it out of the special tokens");
        }
        this.specials = specials;
    }

    @Override
    public int vocabSize() { return specials.size() + 256; }

    @Override
    public SpecialTokens specials() { return specials; }

    /** The ids of the text's UTF-8 bytes. */
    @Override
    public int[] encode(String text) { return encode(text.getBytes(StandardCharsets.UTF_8)); }

    /** The ids of these bytes, whatever they encode. */
    public int[] encode(byte[] bytes) {
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = specials.size() + (bytes[i] & 0xFF);
        return ids;
    }

    /**
     * The bytes of {@code ids}, special tokens left out.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int id = TokenIds.check(ids[i], i, vocabSize());
            if (id >= specials.size()) out.write(id - specials.size());
        }
        return out.toByteArray();
    }

    /**
     * The bytes of {@code ids} read as UTF-8; a sequence that is not valid UTF-8 (a model may generate one) shows as
     * U+FFFD. For the exact bytes use {@link #decodeBytes}.
     */
    @Override
    public String decode(int[] ids) { return new String(decodeBytes(ids), StandardCharsets.UTF_8); }

    /** A special token's name, a printable ASCII character, or {@code <0xNN>}. */
    @Override
    public String token(int id) {
        TokenIds.check(id, -1, vocabSize());
        if (id < specials.size()) return specials.tokens().get(id);
        int b = id - specials.size();
        return b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format("<0x%02X>", b);
    }

    @Override
    public Map<String, Object> describe() { return TokenizerJson.header("byte", specials, vocabSize()); }

    @Override
    public String toString() { return "ByteTokenizer(" + vocabSize() + " ids, specials " + specials.tokens() + ")"; }

    @Override
    public boolean equals(Object o) { return o instanceof ByteTokenizer b && b.specials.equals(specials); }

    @Override
    public int hashCode() { return specials.hashCode(); }
}
