package io.jgrad.select.search;

/**
 * The expected improvement acquisition function for maximisation and the standard normal distribution it needs.
 * For a posterior {@code N(μ, σ²)} and the best value so far {@code f*}, with {@code z = (μ - f* - ξ) / σ}:
 * {@code EI = (μ - f* - ξ) Φ(z) + σ φ(z)}, and {@code max(μ - f* - ξ, 0)} when {@code σ = 0} (Jones et al. 1998).
 */
final class ExpectedImprovement {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ExpectedImprovement() {
    }

    /** The expected improvement over {@code best + xi} of a normal posterior with this mean and deviation. */
    static double of(double mean, double stddev, double best, double xi) {
        double gain = mean - best - xi;
        if (!(stddev > 0)) {
            return Math.max(gain, 0);
        }
        double z = gain / stddev;
        return Math.max(0, gain * cdf(z) + stddev * pdf(z));
    }

    /** The standard normal density. */
    static double pdf(double z) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * z * z);
    }

    /**
     * The standard normal distribution function, to about 1e-14 relative error even far in the lower tail (where
     * expected improvement needs it): Marsaglia's series {@code Φ(z) = ½ + φ(z)(z + z³/3 + z⁵/(3·5) + ...)} for
     * {@code |z| <= 2}, and beyond, the continued fraction of Mills' ratio {@code Φ(-x) = φ(x) / (x + 1/(x + 2/(x +
     * ...)))}.
     */
    static double cdf(double z) {
        if (z < -2) {
            return pdf(z) * millsRatio(-z);
        }
        if (z > 2) {
            return 1 - pdf(z) * millsRatio(z);
        }
        double sum = z;
        double term = z;
        for (int k = 3; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
            term *= z * z / k;
            sum += term;
        }
        return 0.5 + pdf(z) * sum;
    }

    /** {@code (1 - Φ(x)) / φ(x)} for {@code x > 2}, by the continued fraction evaluated from its tail. */
    private static double millsRatio(double x) {
        double t = x;
        for (int k = 120; k >= 1; k--) {
            t = x + k / t;
        }
        return 1 / t;
    }
}
