package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A real range {@code [low, high]} on a linear or a log scale (log: e.g. a learning rate from 1e-4 to 1e-1).
 *
 * @param name the parameter's name
 * @param low  the smallest value
 * @param high the largest value, above {@code low}
 * @param log  whether the scale is logarithmic ({@code low} must then be positive)
 */
public record RealParameter(String name, double low, double high, boolean log) implements Parameter {

    /** Checks the range. */
    public RealParameter {
        SearchSpace.requireName(name);
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(high > low)) {
            throw new IllegalArgumentException("real parameter '" + name + "': needs finite low < high, got ["
                    + low + ", " + high + "]");
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("real parameter '" + name + "': a log scale needs low > 0, got "
                    + low);
        }
    }

    @Override
    public Object sample(Random random) {
        return fromUnit(random.nextDouble());
    }

    @Override
    public List<Object> gridValues(int points) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            values.add(fromUnit(points == 1 ? 0.5 : i / (points - 1.0)));
        }
        return values;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
        double v = (Double) validate(value);
        out[offset] = log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
    }

    @Override
    public Object decode(double[] coordinates, int offset) {
        return fromUnit(coordinates[offset]);
    }

    private Double fromUnit(double u) {
        double t = Math.clamp(u, 0.0, 1.0);
        if (t == 0) {
            return low; // exact ends, so grids and clamped values show the range's own numbers
        }
        if (t == 1) {
            return high;
        }
        double v = log ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low);
        return Math.clamp(v, low, high);
    }

    @Override
    public Object validate(Object value) {
        if (value instanceof Number n && n.doubleValue() >= low && n.doubleValue() <= high) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("parameter '" + name + "': " + Objects.toString(value)
                + " is not a number in [" + low + ", " + high + "]");
    }
}
