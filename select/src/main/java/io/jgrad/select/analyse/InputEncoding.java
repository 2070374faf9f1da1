package io.jgrad.select.analyse;

import io.jgrad.Tensor;
import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How raw examples that are not pixels (table rows with strings and missing cells, texts) become the numbers a model
 * takes, as fitted by the analysis step. It is saved in the model file's metadata under {@link #METADATA_KEY} so that
 * prediction applies the same; the model file's {@link io.jgrad.data.Preprocessing} then applies to its output.
 * Images need none: their raw form is pixels in [0, 1], which the {@code Preprocessing} takes directly.
 */
public sealed interface InputEncoding permits TableEncoding, TextEncoding {
    /** The model-file metadata key of the encoding's JSON (not a {@code jgrad.} key: those are the card's). */
    String METADATA_KEY = "select.input_encoding";

    /**
     * The examples of {@code table} as model inputs: F32 {@code [N, features]} for a table, I64 token ids
     * {@code [N, length]} for text. Columns are found by name; others (such as the target) are ignored.
     *
     * @throws IllegalArgumentException if a column the encoding reads is not there (listing the table's), or a cell
     *                                  does not fit (a word in a numeric column), naming the file and line
     */
    Tensor encode(RawTable table);

    /**
     * The examples of a raw file as model inputs, for prediction: a CSV table (with the columns the encoding reads; a
     * target column may be there or not) or, for text, also a {@code .txt} file of one text per line.
     *
     * @throws IOException if the file cannot be read, with the reasons {@link TableReader#read} gives
     */
    Tensor encodeFile(Path file) throws IOException;

    /** The encoding as a JSON object's members, {@code "type"} first. */
    Map<String, Object> describe();

    /** The encoding as compact JSON. */
    default String toJson() {
        return Json.write(describe());
    }

    /** The model-file metadata entry that saves this encoding: {@link #METADATA_KEY} to its JSON. */
    default Map<String, String> metadata() {
        return Map.of(METADATA_KEY, toJson());
    }

    /**
     * The encoding saved in a model file's metadata, or null when it has none (an image model).
     *
     * @throws IllegalArgumentException if the entry is malformed, naming {@code source}
     */
    static InputEncoding fromMetadata(Map<String, String> metadata, String source) {
        String json = metadata.get(METADATA_KEY);
        return json == null ? null : fromJson(json, source);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @param source what the JSON came from (a model file), for messages
     * @throws IllegalArgumentException if the JSON is invalid or describes an unknown encoding, naming {@code source}
     */
    static InputEncoding fromJson(String json, String source) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException(source + ": the input encoding is not valid JSON: " + e.getMessage(), e);
        }
        String where = source + ": input encoding";
        Map<?, ?> o = JsonFields.object(root, where);
        return switch (JsonFields.string(o, "type", where)) {
            case "table" -> TableEncoding.fromJson(o, where);
            case "text" -> TextEncoding.fromJson(o, where);
            default -> throw new IllegalArgumentException(where + " has the unknown type '"
                    + Json.printable(JsonFields.string(o, "type", where)) + "' (known: table, text)");
        };
    }
}
