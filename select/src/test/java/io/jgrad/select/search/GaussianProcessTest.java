package io.jgrad.select.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The GP against NumPy (tools/search_reference.py, run once; its numbers are below). */
class GaussianProcessTest {
    private static final double[][] X = {{0.1, 0.2}, {0.4, 0.9}, {0.8, 0.3}, {0.5, 0.5}};
    private static final double[] Y = {0.3, -1.2, 0.8, 0.1};

    private static GaussianProcess reference() {
        return new GaussianProcess(X, Y, new double[] {0.3, 0.6}, 1.7, 0.01);
    }

    @Test
    void posteriorMatchesNumpy() {
        GaussianProcess gp = reference();
        double[][] points = {{0.3, 0.4}, {0.9, 0.9}, {0.1, 0.2}};
        double[] means = {-0.022475926971943005, 0.1821123462687434, 0.297088848120157};
        double[] variances = {0.4163133156370684, 1.2612566105280583, 0.009934443737320331};
        for (int i = 0; i < points.length; i++) {
            GaussianProcess.Prediction p = gp.predict(points[i]);
            assertEquals(means[i], p.mean(), 1e-12, "mean at point " + i);
            assertEquals(variances[i], p.variance(), 1e-12, "variance at point " + i);
        }
    }

    @Test
    void logMarginalLikelihoodMatchesNumpy() {
        assertEquals(-5.265947152708968, reference().logMarginalLikelihood(), 1e-12);
    }

    @Test
    void kernelIsMatern52() {
        GaussianProcess gp = reference();
        assertEquals(1.7, gp.kernel(new double[] {0.2, 0.2}, new double[] {0.2, 0.2}), 1e-15);
        double r = Math.hypot(0.3 / 0.3, 0.0);
        double expected = 1.7 * (1 + Math.sqrt(5) * r + 5.0 / 3 * r * r) * Math.exp(-Math.sqrt(5) * r);
        assertEquals(expected, gp.kernel(new double[] {0.1, 0.5}, new double[] {0.4, 0.5}), 1e-15);
    }

    @Test
    void addingAnObservationMatchesRefitting() {
        GaussianProcess added = reference().with(new double[] {0.3, 0.4}, 0.25);
        double[][] x = {X[0], X[1], X[2], X[3], {0.3, 0.4}};
        double[] y = {Y[0], Y[1], Y[2], Y[3], 0.25};
        GaussianProcess direct = new GaussianProcess(x, y, new double[] {0.3, 0.6}, 1.7, 0.01);
        double[] point = {0.6, 0.1};
        assertEquals(direct.predict(point).mean(), added.predict(point).mean(), 1e-14);
        assertEquals(direct.predict(point).variance(), added.predict(point).variance(), 1e-14);
    }

    @Test
    void fittingPrefersTheLikelierHyperparameters() {
        // a smooth function of the first coordinate only: the fit should find a longer length scale for the
        // second coordinate, and predict well between the points
        int n = 30;
        double[][] x = new double[n][];
        double[] y = new double[n];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {random.nextDouble(), random.nextDouble()};
            y[i] = Math.sin(6 * x[i][0]);
        }
        BayesianSearch.standardise(y);
        GaussianProcess fitted = GaussianProcess.fit(x, y);
        assertTrue(fitted.logMarginalLikelihood() >= new GaussianProcess(x, y, new double[] {0.3, 0.3}, 1.0,
                1e-3).logMarginalLikelihood());
        double[] scales = fitted.lengthScales();
        assertTrue(scales[1] > 2 * scales[0], "length scales " + scales[0] + ", " + scales[1]);
        double[] y0 = new double[n];
        for (int i = 0; i < n; i++) {
            y0[i] = Math.sin(6 * x[i][0]);
        }
        // the standardisation is affine: check the shape through the correlation of predictions and truth
        double mean = java.util.Arrays.stream(y0).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(y0).map(v -> (v - mean) * (v - mean)).sum() / n);
        for (double t = 0.05; t < 1; t += 0.1) {
            double predicted = fitted.predict(new double[] {t, 0.5}).mean() * sd + mean;
            assertEquals(Math.sin(6 * t), predicted, 0.1, "prediction at " + t);
        }
    }
}
