package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void studentTwoSidedPMatchesScipy() {
        // scipy.stats.t.sf(|t|, df) * 2
        assertEquals(0.10193947882985835, Stats.studentTwoSidedP(2.0, 5), 1e-12);
        assertEquals(0.10193947882985835, Stats.studentTwoSidedP(-2.0, 5), 1e-12);
        assertEquals(0.6207230048851272, Stats.studentTwoSidedP(0.5, 30), 1e-12);
        assertEquals(0.0021283990584141503, Stats.studentTwoSidedP(10, 3), 1e-12);
        assertEquals(0.5, Stats.studentTwoSidedP(1, 1), 1e-12); // Cauchy: P(|T| >= 1) = 1/2
        assertEquals(1.0, Stats.studentTwoSidedP(0, 4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.studentTwoSidedP(1, 0));
    }

    @Test
    void meanAndSampleSpread() {
        assertEquals(2.5, Stats.mean(new double[] {1, 2, 3, 4}));
        assertEquals(Math.sqrt(5.0 / 3), Stats.std(new double[] {1, 2, 3, 4}), 1e-15);
        assertEquals(0, Stats.std(new double[] {7}));
        assertEquals(Math.log(24), Stats.logGamma(5), 1e-13);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Stats.logGamma(0.5), 1e-13);
    }
}
