package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A choice among ordered numbers, e.g. a depth {1, 2, 3}, a width {32, 64, 128} or a learning rate {1e-3, 1e-2}.
 * A search proposes only the listed values, but the model-based strategies see one coordinate that keeps their
 * order: the value's rank in the sorted list, evenly spaced from 0 (the smallest) to 1 (the largest), or with
 * {@code log} its position on a log scale from the smallest to the largest. A {@link CategoricalParameter} would be
 * one-hot instead: a coordinate per value and no order to exploit. Random draws and grids take the values in the
 * order given, exactly as a categorical of the same values does.
 *
 * @param name   the parameter's name
 * @param values the values, at least two distinct numbers (Integer, Long or Double), in any order
 * @param log    whether the coordinate is the log position (every value must then be positive) instead of the rank
 */
public record OrdinalParameter(String name, List<Number> values, boolean log) implements Parameter {
    /** Values whose largest is at least this many times their smallest span decades: {@link #of} uses a log scale. */
    public static final double LOG_SPAN = 10;

    /** Checks the values. */
    public OrdinalParameter {
        SearchSpace.requireName(name);
        values = List.copyOf(values);
        if (values.size() < 2) {
            throw new IllegalArgumentException("ordinal parameter '" + name + "' needs at least two values, got "
                    + values);
        }
        for (Number v : values) {
            if (!(v instanceof Integer || v instanceof Long || v instanceof Double)
                    || !Double.isFinite(v.doubleValue())) {
                throw new IllegalArgumentException("ordinal parameter '" + name + "': value " + v
                        + " is not a finite Integer, Long or Double");
            }
            if (log && v.doubleValue() <= 0) {
                throw new IllegalArgumentException("ordinal parameter '" + name + "': a log scale needs values > 0,"
                        + " got " + v);
            }
        }
        if (values.stream().mapToDouble(Number::doubleValue).distinct().count() != values.size()) {
            throw new IllegalArgumentException("ordinal parameter '" + name + "': repeated values in " + values);
        }
    }

    /**
     * Ordered numbers with the scale they call for: the log position when all are positive and the largest is at
     * least {@value #LOG_SPAN} times the smallest (a learning rate {1e-3, 1e-2, 1e-1}, hash buckets {1024, 16384}),
     * else the rank.
     */
    public static OrdinalParameter of(String name, List<? extends Number> values) {
        double min = values.stream().mapToDouble(Number::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
        return new OrdinalParameter(name, List.copyOf(values), min > 0 && max >= LOG_SPAN * min);
    }

    /** Whether {@code choices} can be ordinal: at least two distinct finite Integer, Long or Double values. */
    public static boolean suits(List<?> choices) {
        return choices.size() >= 2
                && choices.stream().allMatch(c -> (c instanceof Integer || c instanceof Long || c instanceof Double)
                        && Double.isFinite(((Number) c).doubleValue()))
                && choices.stream().mapToDouble(c -> ((Number) c).doubleValue()).distinct().count() == choices.size();
    }

    @Override
    public Object sample(Random random) {
        return values.get(random.nextInt(values.size()));
    }

    @Override
    public List<Object> gridValues(int points) {
        return new ArrayList<>(values);
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
        out[offset] = position(((Number) validate(value)).doubleValue());
    }

    /** The listed value whose position is nearest to the coordinate (clamped to [0, 1]; the smaller on a tie). */
    @Override
    public Object decode(double[] coordinates, int offset) {
        double t = Math.clamp(coordinates[offset], 0.0, 1.0);
        Number best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Number v : values) {
            double distance = Math.abs(position(v.doubleValue()) - t);
            if (distance < bestDistance || (distance == bestDistance && v.doubleValue() < best.doubleValue())) {
                best = v;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The next smaller or the next larger value than {@code value}, at random (at an end, the only neighbour). */
    Object adjacent(Object value, Random random) {
        List<Number> sorted = values.stream().sorted(Comparator.comparingDouble(Number::doubleValue)).toList();
        int rank = sorted.indexOf((Number) validate(value));
        boolean up = rank == 0 || (rank < sorted.size() - 1 && random.nextBoolean());
        return sorted.get(up ? rank + 1 : rank - 1);
    }

    /** Where {@code v}, one of the values, lies: its rank over (count - 1), or its position on the log scale. */
    private double position(double v) {
        if (log) {
            double min = Double.POSITIVE_INFINITY, max = 0;
            for (Number x : values) {
                min = Math.min(min, x.doubleValue());
                max = Math.max(max, x.doubleValue());
            }
            return Math.clamp(UnitScale.toUnit(v, min, max, true), 0.0, 1.0);
        }
        int below = 0;
        for (Number x : values) {
            if (x.doubleValue() < v) {
                below++;
            }
        }
        return below / (values.size() - 1.0);
    }

    @Override
    public Object validate(Object value) {
        return ListedValues.match(name, values, value);
    }
}
