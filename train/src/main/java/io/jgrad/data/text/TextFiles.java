package io.jgrad.data.text;

import io.jgrad.data.DataFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict UTF-8 text: bytes that are not valid UTF-8 are rejected with the file and the byte offset of the first bad
 * sequence, never replaced or dropped. Text that may not be UTF-8 can be read as bytes instead
 * ({@link Files#readAllBytes} and {@link ByteTokenizer#encode(byte[])}). A byte-order mark is kept as the character
 * U+FEFF (it is part of the text as far as a tokenizer is concerned).
 */
public final class TextFiles {
    private TextFiles() {}

    /**
     * The file's text.
     *
     * @throws DataFileException if it is not valid UTF-8, naming the file and the byte offset of the first bad
     *                           sequence and the bytes found there
     * @throws IOException       if it cannot be read
     */
    public static String readUtf8(Path file) throws IOException {
        return decodeUtf8(Files.readAllBytes(file), file.toString());
    }

    /**
     * {@code bytes} decoded as UTF-8.
     *
     * @param source what the bytes came from (a file name), for the message
     * @throws DataFileException if they are not valid UTF-8, naming {@code source} and the byte offset of the first
     *                           bad sequence
     */
    public static String decodeUtf8(byte[] bytes, String source) throws DataFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never needs more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) throw invalid(bytes, in.position(), result, source);
        if (result.isOverflow()) throw new IllegalStateException("UTF-8 decoding overflowed its buffer"); // cannot happen
        return out.flip().toString();
    }

    private static DataFileException invalid(byte[] bytes, int offset, CoderResult result, String source) {
        StringBuilder found = new StringBuilder();
        int shown = Math.min(bytes.length - offset, Math.max(result.length(), 1));
        for (int i = 0; i < shown; i++) {
            found.append(i > 0 ? " " : "").append(String.format("0x%02X", bytes[offset + i] & 0xFF));
        }
        String atEnd = offset + shown == bytes.length ? ", at the end of the text" : "";
        return new DataFileException(source + ": not valid UTF-8 at byte offset " + offset + " (bytes " + found + atEnd
                + "); read it as bytes (ByteTokenizer) or convert it to UTF-8", asCause(result));
    }

    private static CharacterCodingException asCause(CoderResult result) {
        try {
            result.throwException();
        } catch (CharacterCodingException e) {
            return e;
        }
        return null;
    }
}
