package io.jgrad.select.search;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A choice among unordered values: strings, numbers (Integer, Long, Double) or booleans, e.g. an activation name
 * or a batch size. Model-based strategies see it one-hot.
 *
 * @param name    the parameter's name
 * @param choices the values, at least one, distinct
 */
public record CategoricalParameter(String name, List<Object> choices) implements Parameter {

    /** Checks the choices. */
    public CategoricalParameter {
        SearchSpace.requireName(name);
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("categorical parameter '" + name + "' needs at least one choice");
        }
        for (Object c : choices) {
            if (!(c instanceof String || c instanceof Integer || c instanceof Long || c instanceof Double
                    || c instanceof Boolean)) {
                throw new IllegalArgumentException("categorical parameter '" + name + "': choice " + c
                        + " is not a String, Integer, Long, Double or Boolean");
            }
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            throw new IllegalArgumentException("categorical parameter '" + name + "': repeated choices in "
                    + choices);
        }
    }

    @Override
    public Object sample(Random random) {
        return choices.get(random.nextInt(choices.size()));
    }

    @Override
    public List<Object> gridValues(int points) {
        return choices;
    }

    @Override
    public int width() {
        return choices.size();
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
        int index = choices.indexOf(validate(value));
        for (int i = 0; i < choices.size(); i++) {
            out[offset + i] = i == index ? 1.0 : 0.0;
        }
    }

    @Override
    public Object decode(double[] coordinates, int offset) {
        int best = 0;
        for (int i = 1; i < choices.size(); i++) {
            if (coordinates[offset + i] > coordinates[offset + best]) {
                best = i;
            }
        }
        return choices.get(best);
    }

    @Override
    public Object validate(Object value) {
        for (Object c : choices) {
            if (c.equals(value)) {
                return c;
            }
        }
        for (Object c : choices) { // 2L for 2, or 1 read back from JSON for 1.0
            if (c instanceof Number a && value instanceof Number b && a.doubleValue() == b.doubleValue()) {
                return c;
            }
        }
        throw new IllegalArgumentException("parameter '" + name + "': " + Objects.toString(value)
                + " is not one of " + choices);
    }
}
