package io.jgrad.nn;

import io.jgrad.io.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one layer as read from an architecture JSON (see {@link Architecture}), with typed getters whose
 * errors name the file, the layer's place in the tree, its type and the key.
 */
public final class LayerConfig {
    private final String type;
    private final Map<?, ?> values;
    private final String source;
    private final String path;

    LayerConfig(String type, Map<?, ?> values, String source, String path) {
        this.type = type;
        this.values = values;
        this.source = source;
        this.path = path;
    }

    /** The layer's {@code "type"}. */
    public String type() { return type; }

    /** Whether the settings have {@code key} with a non-null value. */
    public boolean has(String key) { return values.get(key) != null; }

    public int intValue(String key) { return integer(values.get(key), key); }

    public int intValue(String key, int otherwise) { return has(key) ? intValue(key) : otherwise; }

    public double doubleValue(String key) { return number(key); }

    public double doubleValue(String key, double otherwise) { return has(key) ? number(key) : otherwise; }

    public boolean bool(String key, boolean otherwise) {
        if (!has(key)) return otherwise;
        if (values.get(key) instanceof Boolean b) return b;
        throw error(key, "must be true or false, got " + shown(values.get(key)));
    }

    public String string(String key, String otherwise) {
        if (!has(key)) return otherwise;
        if (values.get(key) instanceof String s) return s;
        throw error(key, "must be a string, got " + shown(values.get(key)));
    }

    /** Whether {@code key} holds a string. */
    public boolean isString(String key) { return values.get(key) instanceof String; }

    /** The settings of an object under {@code key} (e.g. a fused activation's). */
    public LayerConfig nested(String key) {
        if (values.get(key) instanceof Map<?, ?> map) return new LayerConfig(type, map, source, path + "." + key);
        throw error(key, has(key) ? "must be an object, got " + shown(values.get(key)) : "is missing");
    }

    /** An array of integers. */
    public int[] ints(String key) {
        List<?> list = list(key);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = integer(list.get(i), key + "[" + i + "]");
        return out;
    }

    /** The layers of an array of nested layer descriptions, rebuilt through the registry. */
    public List<Module> layers(String key) {
        List<?> list = list(key);
        List<Module> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(Architecture.build(list.get(i), source, path + "." + key + "[" + i + "]"));
        }
        return out;
    }

    /** The layer of a nested layer description under {@code key}, rebuilt through the registry. */
    public Module layer(String key) {
        if (!has(key)) throw error(key, "is missing");
        return Architecture.build(values.get(key), source, path + "." + key);
    }

    private List<?> list(String key) {
        if (values.get(key) instanceof List<?> list) return list;
        throw error(key, has(key) ? "must be an array, got " + shown(values.get(key)) : "is missing");
    }

    private int integer(Object value, String key) {
        double v = number(value, key);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw error(key, "must be an integer, got " + v);
        return (int) v;
    }

    private double number(String key) { return number(values.get(key), key); }

    private double number(Object v, String key) {
        if (v instanceof Json.JsonNumber n) return n.asDouble();
        if (v instanceof Number n) return n.doubleValue();
        throw error(key, v == null ? "is missing" : "must be a number, got " + shown(v));
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + Json.printable(s) + "\"" : String.valueOf(v);
    }

    /** An error about this layer's settings: {@code <source>: architecture <path> (<type>): <what>}. */
    public IllegalArgumentException error(String key, String what) {
        return new IllegalArgumentException(source + ": architecture " + path + " (" + type + "): \"" + key + "\" "
                + what);
    }
}
