package io.jgrad.select.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An integer range {@code [low, high]}, both ends included, on a linear or a log scale (log: every order of
 * magnitude equally likely, e.g. a layer width from 16 to 1024).
 *
 * @param name the parameter's name
 * @param low  the smallest value
 * @param high the largest value, at least {@code low}
 * @param log  whether the scale is logarithmic ({@code low} must then be positive)
 */
public record IntParameter(String name, int low, int high, boolean log) implements Parameter {

    /** Checks the range. */
    public IntParameter {
        SearchSpace.requireName(name);
        if (high < low) {
            throw new IllegalArgumentException("integer parameter '" + name + "': high " + high + " < low " + low);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("integer parameter '" + name + "': a log scale needs low > 0, got "
                    + low);
        }
    }

    @Override
    public Object sample(Random random) {
        if (!log) {
            return low + (int) Math.floor(random.nextDouble() * ((long) high - low + 1));
        }
        // log-uniform over [low, high + 1), floored: each integer gets the mass of its unit interval in log space
        double logLow = StrictMath.log(low);
        double v = StrictMath.exp(logLow + random.nextDouble() * (StrictMath.log(high + 1.0) - logLow));
        return (int) Math.min(high, Math.floor(v));
    }

    @Override
    public List<Object> gridValues(int points) {
        List<Object> values = new ArrayList<>();
        if ((long) high - low + 1 <= points) {
            for (int v = low; v <= high; v++) {
                values.add(v);
            }
            return values;
        }
        for (int i = 0; i < points; i++) {
            Object v = fromUnit(UnitScale.gridPosition(i, points));
            if (!values.contains(v)) {
                values.add(v);
            }
        }
        return values;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
        int v = (Integer) validate(value);
        out[offset] = high == low ? 0.5 : UnitScale.toUnit(v, low, high, log);
    }

    @Override
    public Object decode(double[] coordinates, int offset) {
        return fromUnit(coordinates[offset]);
    }

    private Object fromUnit(double u) {
        return Math.clamp(Math.round(UnitScale.fromUnit(u, low, high, log)), low, high);
    }

    @Override
    public Object validate(Object value) {
        if (value instanceof Number n && !(value instanceof Double || value instanceof Float)
                && n.longValue() >= low && n.longValue() <= high) {
            return n.intValue();
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= low && n.doubleValue() <= high) {
            return n.intValue();
        }
        throw new IllegalArgumentException("parameter '" + name + "': " + Objects.toString(value)
                + " is not an integer in [" + low + ", " + high + "]");
    }
}
