package io.jgrad.select.compare;

/** Means, spreads and Student's t distribution for the comparisons. */
public final class Stats {
    private Stats() {}

    /** The mean (NaN for no values). */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** The sample standard deviation (n - 1 in the denominator; 0 for fewer than two values). */
    public static double std(double[] v) { return Math.sqrt(variance(v)); }

    /** The sample variance (0 for fewer than two values). */
    public static double variance(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.length - 1);
    }

    /**
     * The two-sided p-value of Student's t statistic {@code t} with {@code df} degrees of freedom:
     * {@code P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2)}, the regularized incomplete beta function.
     */
    public static double studentTwoSidedP(double t, double df) {
        if (!(df > 0)) throw new IllegalArgumentException("studentTwoSidedP: df must be > 0, got " + df);
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return 0;
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** {@code I_x(a, b)} by its continued fraction (Lentz's method), using the symmetry for fast convergence. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) return front * betaFraction(x, a, b) / a;
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            c = 1 + even / c;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            c = 1 + odd / c;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return h;
    }

    /** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; about 15 digits). */
    static double logGamma(double x) {
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) sum += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
