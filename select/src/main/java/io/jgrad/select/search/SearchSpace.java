package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The hyperparameters a search explores, in a fixed order: integer and real ranges (linear or log scale), choices
 * among ordered numbers and categorical choices. Built with {@link #builder()}:
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *         .integer("depth", 1, 4)
 *         .logInteger("width", 16, 512)
 *         .real("dropout", 0.0, 0.5)
 *         .logReal("learningRate", 1e-4, 1e-1)
 *         .ordinal("batchSize", 32, 64, 128)
 *         .categorical("activation", "relu", "gelu", "tanh")
 *         .build();
 * }</pre>
 *
 * <p>For the model-based strategies a configuration is a point of {@code [0, 1]^d} ({@link #encode}): one coordinate
 * per range (on its own scale) and per ordinal choice (the value's place in the sorted values), and a one-hot block
 * per categorical, {@code d = }{@link #encodedWidth()}.
 */
public final class SearchSpace {
    private final List<Parameter> parameters;
    private final int encodedWidth;

    private SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        if (this.parameters.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one parameter");
        }
        Set<String> names = new HashSet<>();
        int width = 0;
        for (Parameter p : this.parameters) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("search space: the parameter name '" + p.name()
                        + "' is used twice");
            }
            width += p.width();
        }
        this.encodedWidth = width;
    }

    /** A space of these parameters, in this order. */
    public static SearchSpace of(List<? extends Parameter> parameters) {
        return new SearchSpace(List.copyOf(parameters));
    }

    /** A builder that adds parameters in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parameters in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter called {@code name}. */
    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("search space has no parameter '" + name + "'; it has " + names());
    }

    /** The parameter names in order. */
    public List<String> names() {
        return parameters.stream().map(Parameter::name).toList();
    }

    /** The number of coordinates of an encoded configuration. */
    public int encodedWidth() {
        return encodedWidth;
    }

    /** A configuration drawn from every parameter's prior, in parameter order. */
    public Configuration sample(Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            values.put(p.name(), p.sample(random));
        }
        return new Configuration(values);
    }

    /**
     * A configuration from named values: every parameter must be given, with a value it accepts.
     *
     * @throws IllegalArgumentException naming a missing, unknown or invalid value
     */
    public Configuration configuration(Map<String, ?> values) {
        for (String key : values.keySet()) {
            parameter(key);
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (!values.containsKey(p.name())) {
                throw new IllegalArgumentException("configuration has no value for the parameter '" + p.name() + "'");
            }
            canonical.put(p.name(), p.validate(values.get(p.name())));
        }
        return new Configuration(canonical);
    }

    /** {@code configuration} as a point of {@code [0, 1]^}{@link #encodedWidth()}. */
    public double[] encode(Configuration configuration) {
        double[] out = new double[encodedWidth];
        int offset = 0;
        for (Parameter p : parameters) {
            p.encode(configuration.get(p.name()), out, offset);
            offset += p.width();
        }
        return out;
    }

    /** The configuration nearest to a point of {@code [0, 1]^}{@link #encodedWidth()} (values rounded, clamped). */
    public Configuration decode(double[] point) {
        if (point.length != encodedWidth) {
            throw new IllegalArgumentException("search space: a point has " + encodedWidth + " coordinates, got "
                    + point.length);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int offset = 0;
        for (Parameter p : parameters) {
            values.put(p.name(), p.decode(point, offset));
            offset += p.width();
        }
        return new Configuration(values);
    }

    /**
     * A configuration near {@code start}: each range moves by a normal step of standard deviation {@code scale} on
     * its unit scale, each ordinal choice moves to the next smaller or larger value and each categorical switches to
     * another random choice, both with probability {@code 1 / parameter count}. Used to refine a model-based proposal
     * locally.
     */
    public Configuration neighbour(Configuration start, double scale, Random random) {
        double[] point = encode(start);
        double switchProbability = 1.0 / parameters.size();
        int offset = 0;
        for (Parameter p : parameters) {
            if (p instanceof OrdinalParameter o) {
                if (random.nextDouble() < switchProbability) {
                    o.encode(o.adjacent(start.get(p.name()), random), point, offset);
                }
            } else if (p instanceof CategoricalParameter c) {
                if (c.choices().size() > 1 && random.nextDouble() < switchProbability) {
                    Arrays.fill(point, offset, offset + p.width(), 0.0);
                    int current = c.choices().indexOf(start.get(p.name()));
                    int other = (current + 1 + random.nextInt(c.choices().size() - 1)) % c.choices().size();
                    point[offset + other] = 1.0;
                }
            } else {
                point[offset] = Math.clamp(point[offset] + scale * random.nextGaussian(), 0.0, 1.0);
            }
            offset += p.width();
        }
        return decode(point);
    }

    /**
     * The number of configurations {@link #grid} lists with {@code points} values per range (saturating at
     * {@link Long#MAX_VALUE}).
     */
    public long gridSize(int points) {
        long size = 1;
        for (Parameter p : parameters) {
            try {
                size = Math.multiplyExact(size, p.gridValues(points).size());
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    /**
     * Every combination of the parameters' {@linkplain Parameter#gridValues grid values}, the first parameter
     * varying slowest.
     *
     * @throws IllegalArgumentException if {@code points < 1} or the grid has more than {@code 10^7} points
     */
    public List<Configuration> grid(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("a grid needs at least one point per range, got " + points);
        }
        long size = gridSize(points);
        if (size > 10_000_000) {
            throw new IllegalArgumentException("the grid with " + points + " points per range has " + size
                    + " configurations (more than 10^7): use fewer points or another strategy");
        }
        List<List<Object>> axes = parameters.stream().map(p -> p.gridValues(points)).toList();
        List<Configuration> grid = new ArrayList<>((int) size);
        int[] index = new int[axes.size()];
        for (long n = 0; n < size; n++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < axes.size(); i++) {
                values.put(parameters.get(i).name(), axes.get(i).get(index[i]));
            }
            grid.add(new Configuration(values));
            for (int i = axes.size() - 1; i >= 0; i--) { // odometer: the last parameter turns fastest
                if (++index[i] < axes.get(i).size()) {
                    break;
                }
                index[i] = 0;
            }
        }
        return grid;
    }

    @Override
    public String toString() {
        return "SearchSpace" + parameters;
    }

    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a non-blank name, got '" + name + "'");
        }
    }

    /** Adds parameters in order; see {@link SearchSpace}. */
    public static final class Builder {
        private final List<Parameter> parameters = new ArrayList<>();

        private Builder() {
        }

        /** An integer in {@code [low, high]}, uniform. */
        public Builder integer(String name, int low, int high) {
            return add(new IntParameter(name, low, high, false));
        }

        /** An integer in {@code [low, high]}, log-uniform ({@code low > 0}). */
        public Builder logInteger(String name, int low, int high) {
            return add(new IntParameter(name, low, high, true));
        }

        /** A real in {@code [low, high]}, uniform. */
        public Builder real(String name, double low, double high) {
            return add(new RealParameter(name, low, high, false));
        }

        /** A real in {@code [low, high]}, log-uniform ({@code low > 0}). */
        public Builder logReal(String name, double low, double high) {
            return add(new RealParameter(name, low, high, true));
        }

        /**
         * A choice among ordered numbers, seen by the model-based strategies as one coordinate: the value's rank, or
         * its log position when the values span decades ({@link OrdinalParameter#of}).
         */
        public Builder ordinal(String name, Number... values) {
            return add(OrdinalParameter.of(name, List.of(values)));
        }

        /** A choice among strings, numbers or booleans, seen by the model-based strategies one-hot. */
        public Builder categorical(String name, Object... choices) {
            return add(new CategoricalParameter(name, List.of(choices)));
        }

        /** Any parameter. */
        public Builder add(Parameter parameter) {
            parameters.add(parameter);
            return this;
        }

        /** The space; checks the names are distinct. */
        public SearchSpace build() {
            return new SearchSpace(parameters);
        }
    }
}
