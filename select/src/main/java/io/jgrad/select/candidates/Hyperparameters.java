package io.jgrad.select.candidates;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One configuration of a candidate family: a value per hyperparameter name (an {@link Integer}, {@link Double},
 * {@link Boolean} or {@link String}), in the order of the family's {@link HyperparameterSpace}.
 *
 * @param values the values by name
 */
public record Hyperparameters(Map<String, Object> values) {

    /** Copies the values, keeping their order; rejects types other than the four above. */
    public Hyperparameters {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            Objects.requireNonNull(v, () -> "hyperparameter '" + k + "' has no value");
            if (!(v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof String)) {
                throw new IllegalArgumentException("hyperparameter '" + k + "': values are Integer, Double, Boolean or"
                        + " String, got " + v.getClass().getSimpleName());
            }
            copy.put(k, v);
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** The integer {@code name}. */
    public int intValue(String name) { return ((Number) get(name, Integer.class)).intValue(); }

    /** The real number {@code name} (an integer value is widened). */
    public double doubleValue(String name) {
        Object v = require(name);
        if (v instanceof Number n) return n.doubleValue();
        throw wrongType(name, v, "a number");
    }

    /** The flag {@code name}. */
    public boolean booleanValue(String name) { return (Boolean) get(name, Boolean.class); }

    /** The text {@code name}. */
    public String stringValue(String name) { return (String) get(name, String.class); }

    /** These values with {@code name} set to {@code value}. */
    public Hyperparameters with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Hyperparameters(copy);
    }

    /** Each value as text (for a model card's metadata and the reports). */
    public Map<String, String> asStrings() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    private Object get(String name, Class<?> type) {
        Object v = require(name);
        if (!type.isInstance(v)) throw wrongType(name, v, "a " + type.getSimpleName());
        return v;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no hyperparameter '" + name + "' (have " + values.keySet() + ")");
        }
        return v;
    }

    private static IllegalArgumentException wrongType(String name, Object v, String expected) {
        return new IllegalArgumentException("hyperparameter '" + name + "' must be " + expected + ", got " + v + " ("
                + v.getClass().getSimpleName() + ")");
    }
}
