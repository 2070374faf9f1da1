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
            values.add(fromUnit(UnitScale.gridPosition(i, points)));
        }
        return values;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
        out[offset] = UnitScale.toUnit((Double) validate(value), low, high, log);
    }

    @Override
    public Object decode(double[] coordinates, int offset) {
        return fromUnit(coordinates[offset]);
    }

    private Double fromUnit(double u) {
        return UnitScale.fromUnit(u, low, high, log);
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
