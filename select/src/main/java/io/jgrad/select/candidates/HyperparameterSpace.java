package io.jgrad.select.candidates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hyperparameters a candidate family can be tuned over: per name, a dimension (a list of choices, an integer
 * range or a real range, linear or logarithmic) and the default value a family is pre-screened and compared with.
 * This is the selector's one representation of a search space; a search strategy reads {@link #dimensions()} and
 * {@link #defaults()}.
 */
public final class HyperparameterSpace {

    /** One hyperparameter's values. */
    public sealed interface Dimension permits Choice, IntRange, RealRange {
        /** Whether {@code value} lies in this dimension. */
        boolean contains(Object value);
    }

    /**
     * A finite set of values (integers, reals, flags or texts).
     *
     * @param values the values, in order
     */
    public record Choice(List<Object> values) implements Dimension {
        /** Needs at least one value. */
        public Choice {
            values = List.copyOf(values);
            if (values.isEmpty()) throw new IllegalArgumentException("Choice: no values");
        }

        @Override
        public boolean contains(Object value) { return values.contains(value); }
    }

    /**
     * The integers {@code min..max}, both included.
     *
     * @param min the smallest value
     * @param max the largest value
     */
    public record IntRange(int min, int max) implements Dimension {
        /** Needs {@code min <= max}. */
        public IntRange {
            if (min > max) throw new IllegalArgumentException("IntRange: min " + min + " > max " + max);
        }

        @Override
        public boolean contains(Object value) { return value instanceof Integer i && i >= min && i <= max; }
    }

    /**
     * The reals in {@code [min, max]}, searched on a log scale when {@code log}.
     *
     * @param min the smallest value
     * @param max the largest value
     * @param log whether to search on a log scale (needs {@code min > 0})
     */
    public record RealRange(double min, double max, boolean log) implements Dimension {
        /** Needs {@code min <= max}, and {@code min > 0} on a log scale. */
        public RealRange {
            if (!(min <= max)) throw new IllegalArgumentException("RealRange: min " + min + " > max " + max);
            if (log && min <= 0) throw new IllegalArgumentException("RealRange: a log scale needs min > 0, got " + min);
        }

        @Override
        public boolean contains(Object value) {
            return value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max;
        }
    }

    private final Map<String, Dimension> dimensions;
    private final Hyperparameters defaults;

    private HyperparameterSpace(Map<String, Dimension> dimensions, Map<String, Object> defaults) {
        this.dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        this.defaults = new Hyperparameters(defaults);
    }

    /** An empty space to add dimensions to. */
    public static Builder builder() { return new Builder(); }

    /** Each hyperparameter's dimension, in order. */
    public Map<String, Dimension> dimensions() { return dimensions; }

    /** The default configuration. */
    public Hyperparameters defaults() { return defaults; }

    /** The number of configurations in a full grid over the choices, or -1 when a range makes it unbounded. */
    public long gridSize() {
        long size = 1;
        for (Dimension d : dimensions.values()) {
            if (!(d instanceof Choice c)) return -1;
            size = Math.multiplyExact(size, c.values().size());
        }
        return size;
    }

    /**
     * Checks that {@code config} sets every hyperparameter of this space to a value of its dimension.
     *
     * @throws IllegalArgumentException naming the hyperparameter, its value and its dimension
     */
    public void check(Hyperparameters config) {
        for (var e : dimensions.entrySet()) {
            Object v = config.values().get(e.getKey());
            if (v == null || !e.getValue().contains(v)) {
                throw new IllegalArgumentException("hyperparameter '" + e.getKey() + "' = " + v + " is outside "
                        + e.getValue());
            }
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        dimensions.forEach((k, d) -> parts.add(k + ": " + describe(d)));
        return String.join("; ", parts);
    }

    /** A dimension in a few words, e.g. {@code {32, 64}} or {@code 1e-4..1e-1 (log)}. */
    public static String describe(Dimension d) {
        return switch (d) {
            case Choice c -> "{" + String.join(", ", c.values().stream().map(String::valueOf).toList()) + "}";
            case IntRange r -> r.min() + ".." + r.max();
            case RealRange r -> r.min() + ".." + r.max() + (r.log() ? " (log)" : "");
        };
    }

    /** Adds dimensions with their defaults. */
    public static final class Builder {
        private final Map<String, Dimension> dimensions = new LinkedHashMap<>();
        private final Map<String, Object> defaults = new LinkedHashMap<>();

        private Builder() {}

        /** A choice among {@code values}, {@code defaultValue} first tried. */
        public Builder choice(String name, Object defaultValue, Object... values) {
            return add(name, new Choice(List.of(values)), defaultValue);
        }

        /** The integers {@code min..max}. */
        public Builder intRange(String name, int defaultValue, int min, int max) {
            return add(name, new IntRange(min, max), defaultValue);
        }

        /** The reals {@code [min, max]}, on a log scale when {@code log}. */
        public Builder realRange(String name, double defaultValue, double min, double max, boolean log) {
            return add(name, new RealRange(min, max, log), defaultValue);
        }

        private Builder add(String name, Dimension d, Object defaultValue) {
            Objects.requireNonNull(name, "name");
            if (dimensions.containsKey(name)) throw new IllegalArgumentException("hyperparameter '" + name + "' twice");
            if (!d.contains(defaultValue)) {
                throw new IllegalArgumentException("hyperparameter '" + name + "': default " + defaultValue
                        + " is outside " + describe(d));
            }
            dimensions.put(name, d);
            defaults.put(name, defaultValue);
            return this;
        }

        /** The space. */
        public HyperparameterSpace build() { return new HyperparameterSpace(dimensions, defaults); }
    }
}
