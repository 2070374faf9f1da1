package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TpeSearchTest {

    @Test
    void parzenDensityIntegratesToOneAndSamplesFollowIt() {
        TpeSearch.Parzen parzen = new TpeSearch.Parzen(List.of(new double[] {0.1}, new double[] {0.15},
                new double[] {0.9}), 0);
        int bins = 20_000;
        double integral = 0;
        for (int i = 0; i < bins; i++) {
            integral += parzen.density((i + 0.5) / bins) / bins;
        }
        assertEquals(1.0, integral, 1e-4);
        // the share of samples below 0.3 matches the density's mass there
        double mass = 0;
        for (int i = 0; i < bins; i++) {
            double x = (i + 0.5) / bins * 0.3;
            mass += parzen.density(x) * 0.3 / bins;
        }
        Random random = new Random(1);
        int below = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            double x = parzen.sample(random);
            assertTrue(x >= 0 && x <= 1);
            below += x < 0.3 ? 1 : 0;
        }
        assertEquals(mass, below / (double) n, 0.01);
    }

    @Test
    void proposalsConcentrateWhereTheGoodTrialsAre() {
        SearchSpace space = SearchSpace.builder().real("x", 0, 1).categorical("c", "a", "b", "c").build();
        SearchResult r = HyperparameterSearch.over(space).strategy(SearchStrategy.tpe()).seed(4).maxTrials(60)
                .run((c, ctx) -> -Math.abs(c.getDouble("x") - 0.8) - (c.getString("c").equals("b") ? 0 : 0.5));
        List<Trial> model = r.trials().stream().filter(t -> t.stage().equals("model")).toList();
        assertEquals(50, model.size());
        long nearAndB = model.subList(25, 50).stream().filter(t -> Math.abs(t.configuration().getDouble("x") - 0.8)
                < 0.15 && t.configuration().getString("c").equals("b")).count();
        assertTrue(nearAndB >= 15, nearAndB + " of the last 25 proposals near x = 0.8 with c = b");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new TpeSearch(0, 24, 0.25));
        assertThrows(IllegalArgumentException.class, () -> new TpeSearch(10, 24, 1.0));
    }
}
