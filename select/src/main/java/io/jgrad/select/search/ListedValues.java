package io.jgrad.select.search;

import java.util.List;
import java.util.Objects;

/** The check that an ordinal's or a categorical's value is one of its listed values. */
final class ListedValues {
    private ListedValues() {}

    /**
     * The listed value equal to {@code value}, or else numerically equal to it (2L for 2, or 1 read back from JSON for
     * 1.0).
     *
     * @throws IllegalArgumentException naming the parameter and the listed values
     */
    static <T> T match(String name, List<T> listed, Object value) {
        for (T c : listed) {
            if (c.equals(value)) return c;
        }
        for (T c : listed) {
            if (c instanceof Number a && value instanceof Number b && a.doubleValue() == b.doubleValue()) return c;
        }
        throw new IllegalArgumentException("parameter '" + name + "': " + Objects.toString(value)
                + " is not one of " + listed);
    }
}
