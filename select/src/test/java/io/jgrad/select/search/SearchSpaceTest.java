package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    static SearchSpace mixed() {
        return SearchSpace.builder()
                .integer("depth", 1, 4)
                .logInteger("width", 16, 512)
                .real("dropout", 0.0, 0.5)
                .logReal("learningRate", 1e-4, 1e-1)
                .categorical("activation", "relu", "gelu", "tanh")
                .categorical("batchSize", 32, 64, 128)
                .build();
    }

    @Test
    void aRenamedParameterKeepsItsValuesAndScale() {
        List<Parameter> kinds = List.of(new IntParameter("i", 2, 9, true), new RealParameter("r", 1e-4, 0.1, true),
                new OrdinalParameter("o", List.of(16, 32, 64), false), new CategoricalParameter("c", List.of("a", "b")));
        for (Parameter p : kinds) {
            Parameter renamed = p.named("family." + p.name());
            assertEquals("family." + p.name(), renamed.name());
            assertEquals(p.getClass(), renamed.getClass());
            assertEquals(p.gridValues(5), renamed.gridValues(5), p.name());
            assertEquals(p.width(), renamed.width(), p.name());
            assertEquals(p.sample(new Random(3)), renamed.sample(new Random(3)), p.name());
        }
    }

    @Test
    void samplesStayInTheirRangesWithTheirTypes() {
        SearchSpace space = mixed();
        Random random = new Random(1);
        int belowTenth = 0;
        for (int i = 0; i < 2000; i++) {
            Configuration c = space.sample(random);
            assertEquals(space.names(), List.copyOf(c.values().keySet()));
            int depth = (Integer) c.get("depth");
            int width = (Integer) c.get("width");
            double lr = (Double) c.get("learningRate");
            assertTrue(depth >= 1 && depth <= 4 && width >= 16 && width <= 512, c.toString());
            assertTrue(c.getDouble("dropout") >= 0 && c.getDouble("dropout") <= 0.5, c.toString());
            assertTrue(lr >= 1e-4 && lr <= 1e-1, c.toString());
            assertTrue(List.of("relu", "gelu", "tanh").contains(c.getString("activation")));
            assertTrue(List.of(32, 64, 128).contains(c.getInt("batchSize")));
            if (lr < 1e-2) {
                belowTenth++;
            }
        }
        // log-uniform: two of the three decades lie below 1e-2
        assertEquals(2.0 / 3, belowTenth / 2000.0, 0.05);
    }

    @Test
    void logIntegersCoverEveryDecadeEqually() {
        SearchSpace space = SearchSpace.builder().logInteger("n", 1, 999).build();
        Random random = new Random(2);
        int[] decades = new int[3];
        for (int i = 0; i < 3000; i++) {
            decades[(int) Math.log10(space.sample(random).getInt("n"))]++;
        }
        for (int d : decades) {
            assertEquals(1000, d, 120);
        }
    }

    @Test
    void encodesIntoTheUnitCubeAndDecodesBack() {
        SearchSpace space = mixed();
        assertEquals(1 + 1 + 1 + 1 + 3 + 3, space.encodedWidth());
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            Configuration c = space.sample(random);
            double[] point = space.encode(c);
            for (double v : point) {
                assertTrue(v >= 0 && v <= 1, c + " encodes to " + java.util.Arrays.toString(point));
            }
            Configuration back = space.decode(point);
            assertEquals(c.get("depth"), back.get("depth"));
            assertEquals(c.get("width"), back.get("width"));
            assertEquals(c.get("activation"), back.get("activation"));
            assertEquals(c.get("batchSize"), back.get("batchSize"));
            assertEquals(c.getDouble("learningRate"), back.getDouble("learningRate"), 1e-12);
            assertEquals(c.getDouble("dropout"), back.getDouble("dropout"), 1e-12);
        }
        Configuration c = space.configuration(Map.of("depth", 3, "width", 16, "dropout", 0.25, "learningRate",
                1e-2, "activation", "gelu", "batchSize", 128));
        double[] p = space.encode(c);
        assertEquals(2.0 / 3, p[0], 1e-15);
        assertEquals(0.0, p[1], 1e-15);
        assertEquals(0.5, p[2], 1e-15);
        assertEquals(2.0 / 3, p[3], 1e-12); // 1e-2 is two thirds of the way from 1e-4 to 1e-1 in log scale
        assertEquals(List.of(0.0, 1.0, 0.0, 0.0, 0.0, 1.0), List.of(p[4], p[5], p[6], p[7], p[8], p[9]));
    }

    @Test
    void gridEnumeratesEveryCombinationExactlyOnceInOrder() {
        SearchSpace space = SearchSpace.builder()
                .integer("depth", 1, 3)
                .logReal("learningRate", 1e-3, 1e-1)
                .categorical("activation", "relu", "tanh")
                .build();
        List<Configuration> grid = space.grid(3);
        assertEquals(3 * 3 * 2, grid.size());
        assertEquals(18, space.gridSize(3));
        assertEquals(18, new HashSet<>(grid).size());
        List<String> expected = new ArrayList<>();
        for (int depth : new int[] {1, 2, 3}) {
            for (String lr : new String[] {"0.001", "0.01", "0.1"}) {
                for (String act : new String[] {"relu", "tanh"}) {
                    expected.add("{depth=" + depth + ", learningRate=" + lr + ", activation=" + act + "}");
                }
            }
        }
        assertEquals(expected, grid.stream().map(Configuration::toString).toList());
        assertEquals(0.01, grid.get(2).getDouble("learningRate"), 1e-15);
    }

    @Test
    void gridSpacesWideIntegerRangesOnTheirScaleWithoutRepeats() {
        assertEquals(List.of(1, 2, 3, 4), new IntParameter("a", 1, 4, false).gridValues(5));
        assertEquals(List.of(0, 25, 50, 75, 100), new IntParameter("b", 0, 100, false).gridValues(5));
        assertEquals(List.of(1, 10, 100), new IntParameter("c", 1, 100, true).gridValues(3));
        assertEquals(List.of(1, 2, 3), new IntParameter("d", 1, 3, true).gridValues(10));
        assertEquals(List.of(0.0, 0.25, 0.5), new RealParameter("e", 0, 0.5, false).gridValues(3));
        assertEquals(List.of(0.25), new RealParameter("f", 0, 0.5, false).gridValues(1));
    }

    @Test
    void configurationToStringIsReadableAndJsonRoundTrips() {
        SearchSpace space = mixed();
        Configuration c = space.configuration(Map.of("depth", 2, "width", 128, "dropout", 0.125,
                "learningRate", 0.0031622776601683794, "activation", "relu", "batchSize", 64));
        assertEquals("{depth=2, width=128, dropout=0.125, learningRate=0.003162, activation=relu, batchSize=64}",
                c.toString());
        assertEquals("{\"depth\":2,\"width\":128,\"dropout\":0.125,\"learningRate\":0.0031622776601683794,"
                + "\"activation\":\"relu\",\"batchSize\":64}", c.toJson());
        assertEquals(c, Configuration.fromJson(space, c.toJson()));
        Random random = new Random(4);
        for (int i = 0; i < 100; i++) {
            Configuration s = space.sample(random);
            assertEquals(s, Configuration.fromJson(space, s.toJson()));
        }
        assertEquals("1.000e-05", Configuration.readable(1e-5));
        assertEquals("123.5", Configuration.readable(123.456));
        assertEquals("2", Configuration.readable(2.0));
    }

    @Test
    void realCategoricalChoicesSurviveJson() {
        SearchSpace space = SearchSpace.builder().categorical("momentum", 0.0, 0.9, 1.0).build();
        for (Object choice : List.of(0.0, 0.9, 1.0)) {
            Configuration c = space.configuration(Map.of("momentum", choice));
            assertEquals(c, Configuration.fromJson(space, c.toJson()));
        }
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().logReal("lr", 0, 1));
        assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("log"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().integer("a", 1, 2)
                .real("a", 0, 1).build());
        assertTrue(e.getMessage().contains("'a' is used twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mixed().configuration(Map.of("depth", 9)));
        assertTrue(e.getMessage().contains("'depth'") && e.getMessage().contains("9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Configuration.fromJson(mixed(), "{\"depth\":2}"));
        assertTrue(e.getMessage().contains("no value for the parameter 'width'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Configuration.fromJson(mixed(), "[1]"));
        assertTrue(e.getMessage().contains("object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mixed().parameter("size"));
        assertTrue(e.getMessage().contains("'size'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().categorical("c").build());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().categorical("c", "a", "a"));
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder().build());
    }

    @Test
    void neighboursStayValidAndMoveLittleForSmallSteps() {
        SearchSpace space = mixed();
        Random random = new Random(5);
        Configuration start = space.sample(random);
        int changed = 0;
        for (int i = 0; i < 200; i++) {
            Configuration n = space.neighbour(start, 0.01, random);
            assertEquals(start.getDouble("dropout"), n.getDouble("dropout"), 0.5 * 0.05);
            space.configuration(n.values()); // valid
            if (!n.equals(start)) {
                changed++;
            }
        }
        assertTrue(changed > 0);
        assertNotEquals(start, space.neighbour(start, 0.5, new Random(6)));
    }
}
