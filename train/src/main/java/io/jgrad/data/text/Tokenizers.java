package io.jgrad.data.text;

import io.jgrad.data.DataFileException;
import io.jgrad.io.AtomicFiles;
import io.jgrad.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Saves and loads a tokenizer's vocabulary: beside a model as a JSON file, or in a model file's metadata as part of
 * its card ({@code ModelCard.withTokenizer}, under {@code jgrad.tokenizer}). The JSON, e.g. for characters:
 * <pre>{@code {"format":"jgrad-tokenizer","version":1,"type":"char","size":5,"specials":["<pad>","<unk>"],
 *  "tokens":["a","b","c"]}}</pre>
 * {@code "type"} is {@code char} (tokens: one character each, ascending), {@code byte} (no tokens: the 256 bytes) or
 * {@code word} (tokens: the words in id order, plus {@code "lowercase"}). Reading is strict: an unknown or missing
 * member, a wrong type, a duplicate token, a size that does not match or a newer version is an error naming the file
 * and the problem.
 */
public final class Tokenizers {
    private Tokenizers() {}

    /** The tokenizer as compact JSON (see the class comment). */
    public static String toJson(Tokenizer tokenizer) { return Json.write(tokenizer.describe()); }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @param source where the JSON came from, for the messages
     * @throws IllegalArgumentException naming {@code source} and what is wrong
     */
    public static Tokenizer fromJson(String json, String source) {
        try {
            return TokenizerJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": invalid vocabulary: " + e.getMessage(), e);
        }
    }

    /** Writes the tokenizer to {@code file} as JSON (UTF-8), replacing it atomically ({@link AtomicFiles}). */
    public static void save(Tokenizer tokenizer, Path file) throws IOException {
        AtomicFiles.write(file, (toJson(tokenizer) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The tokenizer saved in {@code file}.
     *
     * @throws DataFileException if the file is not valid UTF-8 or not a valid vocabulary, naming the file and what is
     *                           wrong
     */
    public static Tokenizer load(Path file) throws IOException {
        String json = TextFiles.readUtf8(file);
        try {
            return TokenizerJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file + ": invalid vocabulary: " + e.getMessage(), e);
        }
    }
}
