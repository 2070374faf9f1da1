package io.jgrad.select.search;

import java.util.HashSet;
import java.util.List;
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
        return ListedValues.match(name, choices, value);
    }
}
