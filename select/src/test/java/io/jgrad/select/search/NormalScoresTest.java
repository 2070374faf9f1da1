package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The rank transform the Bayesian search applies to utilities before fitting its Gaussian process. */
class NormalScoresTest {

    @Test
    void quantileInvertsTheDistributionFunction() {
        for (double p : new double[] {1e-6, 0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999}) {
            assertEquals(p, ExpectedImprovement.cdf(BayesianSearch.normalQuantile(p)), 1e-10 * Math.max(1, p / 1e-6));
        }
        assertEquals(0, BayesianSearch.normalQuantile(0.5), 1e-11);
        assertEquals(1.959964, BayesianSearch.normalQuantile(0.975), 1e-6);
    }

    @Test
    void onlyTheOrderCountsSoAnOutlierDoesNotFlattenTheRest() {
        double[] diverged = {0.95, 0.97, 0.96, 0.03};
        double[] mild = {0.95, 0.97, 0.96, 0.94};
        BayesianSearch.normalScores(diverged);
        BayesianSearch.normalScores(mild);
        assertArrayEquals(mild, diverged, 0);
        // ranks 1, 3, 2, 0 of 4: quantiles of 3/8, 7/8, 5/8, 1/8
        assertArrayEquals(new double[] {BayesianSearch.normalQuantile(3 / 8.0), BayesianSearch.normalQuantile(7 / 8.0),
                BayesianSearch.normalQuantile(5 / 8.0), BayesianSearch.normalQuantile(1 / 8.0)}, diverged, 0);
    }

    @Test
    void tiesShareTheirMeanRank() {
        double[] y = {0.5, 0.2, 0.5, 0.9};
        BayesianSearch.normalScores(y);
        assertEquals(y[0], y[2], 0);
        assertEquals(BayesianSearch.normalQuantile((1.5 + 0.5) / 4), y[0], 0); // ranks 1 and 2 share 1.5
        assertEquals(BayesianSearch.normalQuantile(0.5 / 4), y[1], 0);
    }
}
