package io.jgrad.data.text;

import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a tokenizer (see {@link Tokenizers}), read strictly: every member must be known and of the right
 * type, and the declared size must match the vocabulary.
 */
final class TokenizerJson {
    static final String FORMAT = "jgrad-tokenizer";
    static final int VERSION = 1;

    private TokenizerJson() {}

    /** The members every tokenizer writes first. */
    static Map<String, Object> header(String type, SpecialTokens specials, int size) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("version", VERSION);
        out.put("type", type);
        out.put("size", size);
        out.put("specials", specials.tokens());
        return out;
    }

    /**
     * The tokenizer in {@code json}.
     *
     * @throws IllegalArgumentException naming what is wrong (without the source; the caller adds it)
     */
    static Tokenizer read(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) throw new IllegalArgumentException("the vocabulary must be a JSON object");
        if (!FORMAT.equals(map.get("format"))) {
            throw new IllegalArgumentException("not a jgrad vocabulary: \"format\" must be \"" + FORMAT + "\"");
        }
        long version = integer(map, "version");
        if (version > VERSION) {
            throw new IllegalArgumentException("vocabulary format version " + version + " is newer than this jgrad"
                    + " reads (" + VERSION + "): update jgrad");
        }
        if (version < 1) throw new IllegalArgumentException("\"version\" must be 1 or more, got " + version);
        String type = string(map, "type");
        Set<String> allowed = switch (type) {
            case "char" -> Set.of("format", "version", "type", "size", "specials", "tokens");
            case "byte" -> Set.of("format", "version", "type", "size", "specials");
            case "word" -> Set.of("format", "version", "type", "size", "specials", "tokens", "lowercase");
            default -> throw new IllegalArgumentException("unknown tokenizer type '" + Json.printable(type)
                    + "' (known: char, byte, word)");
        };
        for (Object key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unexpected member \"" + Json.printable((String) key) + "\" for a "
                        + type + " vocabulary (expected " + allowed + ")");
            }
        }
        SpecialTokens specials = new SpecialTokens(strings(map, "specials"));
        Tokenizer tokenizer = switch (type) {
            case "char" -> CharTokenizer.of(codePoints(strings(map, "tokens")), specials);
            case "byte" -> new ByteTokenizer(specials);
            default -> WordTokenizer.of(strings(map, "tokens"), bool(map, "lowercase"), specials);
        };
        long size = integer(map, "size");
        if (size != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("\"size\" says " + size + " ids but the vocabulary has "
                    + tokenizer.vocabSize() + " (" + specials.size() + " special tokens and " + (tokenizer.vocabSize()
                    - specials.size()) + " others); the file was cut or edited");
        }
        return tokenizer;
    }

    private static int[] codePoints(List<String> chars) {
        int[] out = new int[chars.size()];
        for (int i = 0; i < out.length; i++) {
            String c = chars.get(i);
            if (c.isEmpty() || c.codePointCount(0, c.length()) != 1) {
                throw new IllegalArgumentException("\"tokens\" entry " + i + " ('" + Json.printable(c) + "') must be"
                        + " exactly one character");
            }
            out[i] = c.codePointAt(0);
        }
        return out;
    }

    private static Object member(Map<?, ?> map, String key) {
        if (!map.containsKey(key)) throw new IllegalArgumentException("the member \"" + key + "\" is missing");
        return map.get(key);
    }

    private static String string(Map<?, ?> map, String key) {
        if (member(map, key) instanceof String s) return s;
        throw new IllegalArgumentException("\"" + key + "\" must be a string");
    }

    private static boolean bool(Map<?, ?> map, String key) {
        if (member(map, key) instanceof Boolean b) return b;
        throw new IllegalArgumentException("\"" + key + "\" must be true or false");
    }

    private static long integer(Map<?, ?> map, String key) {
        if (member(map, key) instanceof Json.JsonNumber n) {
            long value = n.asNonNegativeLong();
            if (value >= 0) return value;
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a non-negative integer");
    }

    private static List<String> strings(Map<?, ?> map, String key) {
        if (member(map, key) instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof String s)) throw new IllegalArgumentException("\"" + key + "\" must hold strings only");
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException("\"" + key + "\" must be an array of strings");
    }
}
