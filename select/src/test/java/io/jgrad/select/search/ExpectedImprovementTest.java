package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected improvement and the normal CDF against SciPy (tools/search_reference.py). */
class ExpectedImprovementTest {

    @Test
    void matchesScipy() {
        double[][] cases = { // mean, stddev, best, xi, EI
            {0.5, 0.2, 0.4, 0.0, 0.13955931148026118},
            {0.0, 1.0, 0.0, 0.01, 0.39396222734922853},
            {-1.0, 0.3, 0.5, 0.0, 1.6038496601499457e-08},
            {2.0, 0.5, 0.1, 0.05, 1.850012960628342},
            {-3.0, 0.4, 0.0, 0.0, 1.64607113383388e-15},
        };
        for (double[] c : cases) {
            double ei = ExpectedImprovement.of(c[0], c[1], c[2], c[3]);
            assertEquals(c[4], ei, 1e-10 * c[4], "EI(" + c[0] + ", " + c[1] + ", " + c[2] + ", " + c[3] + ")");
        }
    }

    @Test
    void normalCdfMatchesScipyWithRelativePrecisionInTheTail() {
        double[][] cases = {{-8, 6.22096057427174e-16}, {-3, 0.0013498980316300933}, {-1, 0.15865525393145707},
            {0, 0.5}, {0.5, 0.6914624612740131}, {2, 0.9772498680518208}, {6, 0.9999999990134123}};
        for (double[] c : cases) {
            assertEquals(c[1], ExpectedImprovement.cdf(c[0]), 1e-12 * c[1], "Phi(" + c[0] + ")");
        }
    }

    @Test
    void withoutUncertaintyItIsThePlainImprovement() {
        assertEquals(0.3, ExpectedImprovement.of(1.0, 0.0, 0.7, 0.0), 1e-15);
        assertEquals(0.0, ExpectedImprovement.of(0.5, 0.0, 0.7, 0.0));
    }

    @Test
    void growsWithTheMeanAndTheUncertainty() {
        double previous = -1;
        for (double mean = -2; mean <= 2; mean += 0.25) {
            double ei = ExpectedImprovement.of(mean, 0.5, 0.0, 0.0);
            assertTrue(ei > previous && ei >= 0, "EI at mean " + mean);
            previous = ei;
        }
        previous = -1;
        for (double sd = 0.05; sd <= 3; sd += 0.25) {
            double ei = ExpectedImprovement.of(0.0, sd, 0.5, 0.0);
            assertTrue(ei > previous, "EI at stddev " + sd);
            previous = ei;
        }
        // at the incumbent with xi = 0: EI = sigma * phi(0)
        assertEquals(0.8 / Math.sqrt(2 * Math.PI), ExpectedImprovement.of(1.0, 0.8, 1.0, 0.0), 1e-7);
    }
}
