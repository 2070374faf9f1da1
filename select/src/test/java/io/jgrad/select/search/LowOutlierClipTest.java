package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The robust floor the Bayesian search puts under utilities before fitting its Gaussian process. */
class LowOutlierClipTest {

    @Test
    void aDivergedTrialIsRaisedToTheFloorAndTheRestKept() {
        double[] y = {0.95, 0.97, 0.96, 0.03, 0.94};
        BayesianSearch.clipLowOutliers(y);
        // median 0.95, absolute deviations {0, 0.02, 0.01, 0.92, 0.01}: MAD 0.01, floor 0.95 - 3 * 1.4826 * 0.01
        double floor = 0.95 - 3 * 1.4826 * 0.01;
        assertArrayEquals(new double[] {0.95, 0.97, 0.96, floor, 0.94}, y, 1e-15);
    }

    @Test
    void valuesWithoutOutliersAreUnchanged() {
        double[] y = {-3, -1, -2, -1.5, -2.5, -0.5};
        double[] before = y.clone();
        BayesianSearch.clipLowOutliers(y);
        assertArrayEquals(before, y, 0);
    }
}
