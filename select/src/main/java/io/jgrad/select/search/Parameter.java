package io.jgrad.select.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One hyperparameter of a {@link SearchSpace}: an integer or real range (linear or log scale), a choice among ordered
 * numbers or a categorical choice. A parameter samples values, lists grid values and maps values to and from the unit
 * interval, which is how the model-based strategies see it ({@link #width()} coordinates in {@code [0, 1]}: one for a
 * range or an ordinal choice, one-hot for a categorical).
 */
public sealed interface Parameter permits IntParameter, RealParameter, OrdinalParameter, CategoricalParameter {

    /** The parameter's name, unique within its space. */
    String name();

    /** The same parameter under another name (a joint search's {@code family.name}). */
    default Parameter named(String name) {
        return switch (this) {
            case IntParameter p -> new IntParameter(name, p.low(), p.high(), p.log());
            case RealParameter p -> new RealParameter(name, p.low(), p.high(), p.log());
            case OrdinalParameter p -> new OrdinalParameter(name, p.values(), p.log());
            case CategoricalParameter p -> new CategoricalParameter(name, p.choices());
        };
    }

    /** A value drawn from the parameter's prior (uniform, or log-uniform for a log scale). */
    Object sample(Random random);

    /**
     * The values a grid search visits: every value of an ordinal or a categorical choice, every integer when there are
     * at most {@code points} of them, else {@code points} values evenly spaced on the parameter's scale, ends
     * included.
     */
    List<Object> gridValues(int points);

    /** The number of unit-interval coordinates {@link #encode} writes. */
    int width();

    /** Writes {@code value}'s coordinates in {@code [0, 1]} to {@code out} from {@code offset}. */
    void encode(Object value, double[] out, int offset);

    /**
     * The value nearest to the coordinates at {@code offset} (for an ordinal, the listed value at the nearest
     * position; for a categorical, the choice with the largest coordinate); coordinates outside {@code [0, 1]} are
     * clamped.
     */
    Object decode(double[] coordinates, int offset);

    /**
     * Checks {@code value} belongs to the parameter and returns it in canonical form (an {@link Integer} for an
     * integer range, a {@link Double} for a real range, the equal value for an ordinal or a categorical).
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is allowed
     */
    Object validate(Object value);

    /**
     * The parameter as a JSON-ready map: {@code name}, {@code type} ({@code integer}, {@code real}, {@code ordinal}
     * or {@code categorical}) and {@code low}, {@code high}, {@code log}, or {@code values}, {@code log}, or
     * {@code choices}.
     */
    default Map<String, Object> toJsonMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name());
        switch (this) {
            case IntParameter p -> {
                map.put("type", "integer");
                map.put("low", p.low());
                map.put("high", p.high());
                map.put("log", p.log());
            }
            case RealParameter p -> {
                map.put("type", "real");
                map.put("low", p.low());
                map.put("high", p.high());
                map.put("log", p.log());
            }
            case OrdinalParameter p -> {
                map.put("type", "ordinal");
                map.put("values", p.values());
                map.put("log", p.log());
            }
            case CategoricalParameter p -> {
                map.put("type", "categorical");
                map.put("choices", p.choices());
            }
        }
        return map;
    }
}
