package io.jgrad.train;

import io.jgrad.data.Preprocessing;
import io.jgrad.data.text.Tokenizer;
import io.jgrad.data.text.Tokenizers;
import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a model file says about using its model, besides the weights and the architecture: how raw inputs are
 * prepared, the names of the classes, how it was trained. {@link ModelFiles#save(io.jgrad.nn.Module,
 * java.nio.file.Path, ModelCard, Map)} writes it into the safetensors metadata (string values, so PyTorch's and
 * Hugging Face's readers open the file), under these keys:
 * <ul>
 *   <li>{@value #FORMAT_KEY}: the version of this layout, {@value #FORMAT}</li>
 *   <li>{@value #VERSION_KEY}: the jgrad version that wrote the file</li>
 *   <li>{@value ModelFiles#ARCHITECTURE_KEY}: the module tree as JSON ({@link io.jgrad.nn.Architecture}), or
 *       {@value ModelFiles#ARCHITECTURE_OMITTED_KEY}: why it is not there</li>
 *   <li>{@value #PREPROCESSING_KEY}: a {@link Preprocessing} as JSON</li>
 *   <li>{@value #CLASSES_KEY}: the class names, a JSON array (index = class)</li>
 *   <li>{@value #HYPERPARAMETERS_KEY}: a JSON object of strings (optimizer, learning rate, batch size, ...)</li>
 *   <li>{@value #SEED_KEY}: the random seed</li>
 *   <li>{@value #TOKENIZER_KEY}: the vocabulary of a text model's tokenizer as JSON ({@link Tokenizers})</li>
 * </ul>
 *
 * @param preprocessing   how raw inputs become the model's inputs, or null when not recorded
 * @param classNames      the name of each class (empty when not recorded)
 * @param hyperparameters how the model was trained (empty when not recorded)
 * @param seed            the random seed of the training run, or null
 * @param tokenizer       how text becomes the model's token ids, or null when not recorded
 */
public record ModelCard(Preprocessing preprocessing, List<String> classNames, Map<String, String> hyperparameters,
                        Long seed, Tokenizer tokenizer) {
    /** The version of the metadata layout this jgrad writes and reads. */
    public static final int FORMAT = 1;
    public static final String FORMAT_KEY = "jgrad.format";
    public static final String VERSION_KEY = "jgrad.version";
    public static final String PREPROCESSING_KEY = "jgrad.preprocessing";
    public static final String CLASSES_KEY = "jgrad.classes";
    public static final String HYPERPARAMETERS_KEY = "jgrad.hyperparameters";
    public static final String SEED_KEY = "jgrad.seed";
    public static final String TOKENIZER_KEY = "jgrad.tokenizer";

    /** Copies the collections (keeping their order). */
    public ModelCard {
        classNames = List.copyOf(classNames);
        hyperparameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    }

    /** A card without a tokenizer. */
    public ModelCard(Preprocessing preprocessing, List<String> classNames, Map<String, String> hyperparameters,
                     Long seed) {
        this(preprocessing, classNames, hyperparameters, seed, null);
    }

    /** A card that records nothing. */
    public static ModelCard empty() { return new ModelCard(null, List.of(), Map.of(), null, null); }

    /** This card with {@code tokenizer}. */
    public ModelCard withTokenizer(Tokenizer tokenizer) {
        return new ModelCard(preprocessing, classNames, hyperparameters, seed, tokenizer);
    }

    /** The version of the jgrad that runs, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String jgradVersion() { return Version.VALUE; }

    /** The card's metadata entries, with the format and this jgrad's version. */
    Map<String, String> toMetadata() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(FORMAT_KEY, Integer.toString(FORMAT));
        out.put(VERSION_KEY, jgradVersion());
        if (preprocessing != null) out.put(PREPROCESSING_KEY, preprocessing.toJson());
        if (!classNames.isEmpty()) out.put(CLASSES_KEY, Json.write(classNames));
        if (!hyperparameters.isEmpty()) out.put(HYPERPARAMETERS_KEY, Json.write(hyperparameters));
        if (seed != null) out.put(SEED_KEY, Long.toString(seed));
        if (tokenizer != null) out.put(TOKENIZER_KEY, Tokenizers.toJson(tokenizer));
        return out;
    }

    /**
     * The card in a file's metadata; a file without {@value #FORMAT_KEY} (written by an older jgrad or another tool)
     * gives what it has, usually nothing.
     *
     * @param source the file, for the messages
     * @throws IllegalArgumentException if the format is newer than this jgrad reads, or a value is malformed, naming
     *                                  the file and the key
     */
    public static ModelCard fromMetadata(Map<String, String> metadata, String source) {
        String format = metadata.get(FORMAT_KEY);
        if (format != null) {
            int f;
            try {
                f = Integer.parseInt(format.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": metadata " + FORMAT_KEY + " must be a number, got \""
                        + Json.printable(format) + "\"");
            }
            if (f > FORMAT) {
                throw new IllegalArgumentException(source + ": written in model file format " + f + " by jgrad "
                        + metadata.getOrDefault(VERSION_KEY, "?") + "; this jgrad (" + jgradVersion()
                        + ") reads format "
                        + FORMAT + " and older: update jgrad");
            }
        }
        String pre = metadata.get(PREPROCESSING_KEY);
        String seed = metadata.get(SEED_KEY);
        try {
            Preprocessing preprocessing = pre == null ? null : Preprocessing.fromJson(pre, source);
            String vocabulary = metadata.get(TOKENIZER_KEY);
            Tokenizer tokenizer = vocabulary == null ? null
                    : Tokenizers.fromJson(vocabulary, source + ": metadata " + TOKENIZER_KEY);
            return new ModelCard(preprocessing, strings(metadata, CLASSES_KEY, source),
                    stringMap(metadata, HYPERPARAMETERS_KEY, source),
                    seed == null ? null : Long.parseLong(seed.strip()), tokenizer);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": metadata " + SEED_KEY + " must be an integer, got \""
                    + Json.printable(seed) + "\"");
        }
    }

    private static List<String> strings(Map<String, String> metadata, String key, String source) {
        if (!metadata.containsKey(key)) return List.of();
        if (parsed(metadata, key, source) instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException(source + ": metadata " + key + " must be a JSON array of strings");
    }

    private static Map<String, String> stringMap(Map<String, String> metadata, String key, String source) {
        if (!metadata.containsKey(key)) return Map.of();
        if (parsed(metadata, key, source) instanceof Map<?, ?> map) {
            Map<String, String> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, String.valueOf(v)));
            return out;
        }
        throw new IllegalArgumentException(source + ": metadata " + key + " must be a JSON object");
    }

    private static Object parsed(Map<String, String> metadata, String key, String source) {
        try {
            return Json.parse(metadata.get(key));
        } catch (JsonException e) {
            throw new IllegalArgumentException(source + ": metadata " + key + " is not valid JSON: " + e.getMessage(),
                    e);
        }
    }

    /** The version from the build (a filtered resource), read once. */
    private static final class Version {
        static final String VALUE = read();

        private static String read() {
            try (InputStream in = ModelCard.class.getResourceAsStream("jgrad-version.properties")) {
                if (in == null) return "unknown";
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
