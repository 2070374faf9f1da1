package io.jgrad.select.search;

import io.jgrad.io.Json;
import io.jgrad.io.JsonException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One point of a {@link SearchSpace}: a value per parameter, in the space's order. Integers are {@link Integer},
 * reals {@link Double}, categorical values the choice itself. {@link #toString()} is stable and short
 * ({@code {depth=2, learningRate=0.003162, activation=relu}}, reals to 4 significant digits); {@link #toJson()}
 * keeps every digit and reads back with {@link #fromJson}.
 */
public final class Configuration {
    private final Map<String, Object> values;

    /** Values already checked by the space, in its order. */
    Configuration(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads a configuration written by {@link #toJson()} (or any JSON object of parameter values) for
     * {@code space}.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or a value does not fit the space
     */
    public static Configuration fromJson(SearchSpace space, String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("configuration JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("configuration JSON must be an object, got " + json);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        map.forEach((k, v) -> values.put((String) k, v instanceof Json.JsonNumber n ? number(n) : v));
        return space.configuration(values);
    }

    private static Object number(Json.JsonNumber n) {
        String text = n.text();
        if (!text.contains(".") && !text.contains("e") && !text.contains("E")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                return n.asDouble();
            }
        }
        return n.asDouble();
    }

    /** The values by parameter name, in the space's order (unmodifiable). */
    public Map<String, Object> values() {
        return values;
    }

    /** The value of {@code name}. */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("configuration has no parameter '" + name + "'; it has "
                    + values.keySet());
        }
        return v;
    }

    /** An integer parameter's value (or an integral categorical choice). */
    public int getInt(String name) {
        if (get(name) instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        throw new IllegalArgumentException("parameter '" + name + "' is " + get(name) + ", not an integer");
    }

    /** A numeric parameter's value as a double. */
    public double getDouble(String name) {
        if (get(name) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("parameter '" + name + "' is " + get(name) + ", not a number");
    }

    /** A value as text (e.g. a categorical string choice). */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    /** A boolean categorical choice. */
    public boolean getBoolean(String name) {
        if (get(name) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("parameter '" + name + "' is " + get(name) + ", not a boolean");
    }

    /** The values as a compact JSON object, every digit kept: {@code {"depth":2,"learningRate":0.0031622776}}. */
    public String toJson() {
        return Json.write(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration c && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        values.forEach((k, v) -> out.add(k + "=" + (v instanceof Double d ? readable(d) : v)));
        return out.toString();
    }

    /**
     * A number as configurations and reports print it: four significant digits, plain notation for magnitudes from
     * 1e-3 to 1e5 without trailing zeros (3 epochs reads "3", not "3.0"), else scientific.
     */
    public static String readable(double d) {
        if (d == 0) {
            return "0";
        }
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        double magnitude = Math.abs(d);
        if (magnitude >= 1e-3 && magnitude < 1e5) {
            int decimals = Math.max(0, 3 - (int) Math.floor(StrictMath.log10(magnitude)));
            String s = String.format(Locale.ROOT, "%." + decimals + "f", d);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", d);
    }
}
