package io.jgrad.select.analyse;

import io.jgrad.io.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of parsed JSON members, failing with the member's place in the document. */
final class JsonFields {
    private JsonFields() {
    }

    static Map<?, ?> object(Object value, String where) {
        if (value instanceof Map<?, ?> map) return map;
        throw new IllegalArgumentException(where + " must be a JSON object");
    }

    static String string(Map<?, ?> object, String key, String where) {
        if (object.get(key) instanceof String s) return s;
        throw new IllegalArgumentException(where + " needs the string \"" + key + "\"");
    }

    static double number(Map<?, ?> object, String key, String where) {
        if (object.get(key) instanceof Json.JsonNumber n) return n.asDouble();
        throw new IllegalArgumentException(where + " needs the number \"" + key + "\"");
    }

    static int integer(Map<?, ?> object, String key, String where) {
        double d = number(object, key, where);
        if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + " \"" + key + "\" must be a non-negative integer, got " + d);
        }
        return (int) d;
    }

    static boolean bool(Map<?, ?> object, String key, String where) {
        if (object.get(key) instanceof Boolean b) return b;
        throw new IllegalArgumentException(where + " needs the boolean \"" + key + "\"");
    }

    static List<String> strings(Map<?, ?> object, String key, String where) {
        if (object.get(key) instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) out.add((String) o);
            return out;
        }
        throw new IllegalArgumentException(where + " needs \"" + key + "\", an array of strings");
    }

    static List<?> list(Map<?, ?> object, String key, String where) {
        if (object.get(key) instanceof List<?> list) return list;
        throw new IllegalArgumentException(where + " needs the array \"" + key + "\"");
    }
}
