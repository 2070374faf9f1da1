package io.jgrad.backend;

/** Scalar special functions the op definitions need, accurate to double precision. */
public final class SpecialFunctions {
    public static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    /** The cubic term's coefficient in GELU's tanh approximation, {@code tanh(sqrt(2/pi) (x + 0.044715 x^3))}. */
    public static final double GELU_CUBIC = 0.044715;
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private SpecialFunctions() {}

    /**
     * The error function. Uses erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)), whose terms are all
     * positive (no cancellation), so it is accurate to a few ulps; beyond |x| = 6, erf is +-1 in double precision.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6) return Math.copySign(1, x);
        double x2 = ax * ax;
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 500; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-x2) * sum, x);
    }
}
