package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrdinalParameterTest {

    @Test
    void aValueIsItsRankOrItsLogPositionAndDecodesToAListedValue() {
        OrdinalParameter depth = OrdinalParameter.of("depth", List.of(3, 1, 2));
        assertFalse(depth.log(), "1..3 spans less than a decade: the rank");
        assertEquals(1, depth.width());
        assertEquals(0.0, encoded(depth, 1));
        assertEquals(0.5, encoded(depth, 2));
        assertEquals(1.0, encoded(depth, 3));
        assertEquals(0.5, encoded(depth, 2L), "2L is the listed 2");

        OrdinalParameter dropout = OrdinalParameter.of("dropout", List.of(0.0, 0.1, 0.3));
        assertFalse(dropout.log(), "zero is not on a log scale");
        assertEquals(0.5, encoded(dropout, 0.1), "the rank, not the value's place between 0 and 0.3");

        OrdinalParameter lr = OrdinalParameter.of("lr", List.of(1e-3, 3e-3, 1e-2, 3e-2, 1e-1));
        assertTrue(lr.log(), "1e-3..1e-1 spans two decades");
        assertEquals(0.0, encoded(lr, 1e-3), 1e-15);
        assertEquals(0.5, encoded(lr, 1e-2), 1e-12);
        assertEquals(Math.log10(3) / 2, encoded(lr, 3e-3), 1e-12);
        assertEquals(1.0, encoded(lr, 1e-1), 1e-12);

        for (OrdinalParameter p : List.of(depth, dropout, lr)) {
            for (Number v : p.values()) {
                assertEquals(v, p.decode(new double[] {encoded(p, v)}, 0), p.name() + " " + v);
            }
        }
        assertEquals(1, depth.decode(new double[] {-3}, 0), "clamped below");
        assertEquals(3, depth.decode(new double[] {7}, 0), "clamped above");
        assertEquals(2, depth.decode(new double[] {0.6}, 0), "the nearest position");
        assertEquals(1, depth.decode(new double[] {0.25}, 0), "a tie goes to the smaller value");
        assertEquals(3e-2, lr.decode(new double[] {0.8}, 0));
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            Object v = lr.decode(new double[] {random.nextDouble()}, 0);
            assertTrue(lr.values().contains(v), v.toString());
        }
    }

    @Test
    void randomDrawsAndGridsAreThoseOfTheSameCategorical() {
        List<Object> widths = List.of(64, 32, 128, 256);
        SearchSpace ordinal = SearchSpace.builder().ordinal("width", 64, 32, 128, 256).ordinal("lr", 1e-2, 1e-3)
                .build();
        SearchSpace categorical = SearchSpace.builder().categorical("width", widths.toArray())
                .categorical("lr", 1e-2, 1e-3).build();
        assertEquals(2, ordinal.encodedWidth());
        assertEquals(6, categorical.encodedWidth());
        assertEquals(categorical.grid(1), ordinal.grid(1), "the same grid in the same order");
        Random a = new Random(7), b = new Random(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(categorical.sample(a), ordinal.sample(b), "the same draws from the same seed");
        }
        assertEquals(widths, ordinal.parameter("width").gridValues(3), "every value, whatever the point count");
    }

    @Test
    void neighboursMoveToAnAdjacentValueOnly() {
        SearchSpace space = SearchSpace.builder().ordinal("depth", 1, 2, 3, 4).build();
        Random random = new Random(2);
        Set<Object> reached = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Configuration start = space.configuration(Map.of("depth", 1 + random.nextInt(4)));
            Configuration next = space.neighbour(start, 0.1, random);
            assertEquals(1, Math.abs(next.getInt("depth") - start.getInt("depth")), start + " -> " + next);
            reached.add(next.get("depth"));
        }
        assertEquals(Set.of(1, 2, 3, 4), reached);
    }

    @Test
    void jsonNamesTheValuesAndConfigurationsRoundTrip() {
        SearchSpace space = SearchSpace.builder().ordinal("dropout", 0.0, 0.1, 0.3).ordinal("buckets", 1024, 16384)
                .build();
        assertEquals(Map.of("name", "buckets", "type", "ordinal", "values", List.of(1024, 16384), "log", true),
                space.parameter("buckets").toJsonMap());
        for (Object dropout : List.of(0.0, 0.1, 0.3)) {
            Configuration c = space.configuration(Map.of("dropout", dropout, "buckets", 16384));
            assertEquals(c, Configuration.fromJson(space, c.toJson()));
        }
    }

    @Test
    void badValuesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().ordinal("d", 1));
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("two values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().ordinal("d", 1, 1.0));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().ordinal("d", 1, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OrdinalParameter("d", List.of(0, 10), true));
        assertTrue(e.getMessage().contains("log"), e.getMessage());
        SearchSpace space = SearchSpace.builder().ordinal("depth", 1, 2, 3).build();
        e = assertThrows(IllegalArgumentException.class, () -> space.configuration(Map.of("depth", 4)));
        assertTrue(e.getMessage().contains("'depth'") && e.getMessage().contains("[1, 2, 3]"), e.getMessage());
        assertFalse(OrdinalParameter.suits(List.of(true, false)));
        assertFalse(OrdinalParameter.suits(List.of("relu", "tanh")));
        assertFalse(OrdinalParameter.suits(List.of(32)));
        assertTrue(OrdinalParameter.suits(List.of(0, 0.5)));
    }

    private static double encoded(Parameter p, Object value) {
        double[] out = new double[1];
        p.encode(value, out, 0);
        return out[0];
    }
}
