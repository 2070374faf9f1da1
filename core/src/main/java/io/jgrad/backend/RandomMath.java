package io.jgrad.backend;

/**
 * The arithmetic behind the random recipes of {@link RandomDistribution}, written as fixed sequences of IEEE-754
 * double operations (add, subtract, multiply, divide, square root, round-to-integer, each rounded to nearest, none
 * fused) so that any backend, a CUDA kernel included, reproduces every bit. Library functions ({@code log},
 * {@code cos}) are avoided: they differ between platforms and, on the JVM, between the interpreter and the JIT.
 * Ported to C, every constant is the quotient written here (e.g. {@code 1.0 / 6}), rounded to double.
 */
final class RandomMath {
    private RandomMath() {}

    private static final double SQRT2 = 1.4142135623730951;
    private static final double LN2 = 0.6931471805599453;
    private static final double TWO_PI = 6.283185307179586;
    /** 1/(2k+1) for k = 1..11: log(m) = 2s + 2s z (1/3 + z/5 + ... + z^10/23) with s = (m-1)/(m+1), z = s^2. */
    private static final double[] LOG = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17,
            1.0 / 19, 1.0 / 21, 1.0 / 23};
    /** (-1)^k/(2k+1)! for k = 1..8: sin(x) = x + x z S(z), z = x^2. */
    private static final double[] SIN = {-1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800,
            1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    /** (-1)^k/(2k)! for k = 1..9: cos(x) = 1 + z C(z). */
    private static final double[] COS = {-1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800,
            1.0 / 479001600, -1.0 / 87178291200.0, 1.0 / 20922789888000.0, -1.0 / 6402373705728000.0};

    /** The upper 24 bits of a word as a double in [0, 1): {@code (w >>> 8) * 2^-24}. */
    static double unit24(int w) { return (w >>> 8) * 0x1p-24; }

    /** 64 bits from two words, {@code lo} the low half. */
    static long bits64(int lo, int hi) { return ((long) hi << 32) | (lo & 0xFFFF_FFFFL); }

    /** The upper 53 of the 64 bits of (lo, hi) as a double in [0, 1): {@code (z >>> 11) * 2^-53}. */
    static double unit53(int lo, int hi) { return (bits64(lo, hi) >>> 11) * 0x1p-53; }

    /**
     * Natural logarithm of a positive normal double: {@code x = 2^e m} with m in (sqrt(2)/2, sqrt(2)] (m from the
     * exponent bits, halved and e incremented when above SQRT2), {@code f = m - 1}, {@code s = f / (2 + f)},
     * {@code z = s * s}, P by Horner from LOG[10] down to LOG[0] ({@code P = P * z + LOG[k]}),
     * {@code log m = 2s + ((2s) * z) * P} with {@code 2s = s + s}, and the result {@code e * LN2 + log m}.
     * Within a few ulp of the true value.
     */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > SQRT2) {
            m = m * 0.5;
            e = e + 1;
        }
        double f = m - 1;
        double s = f / (2 + f);
        double z = s * s;
        double p = LOG[LOG.length - 1];
        for (int k = LOG.length - 2; k >= 0; k--) p = p * z + LOG[k];
        double twoS = s + s;
        double logM = twoS + twoS * z * p;
        return e * LN2 + logM;
    }

    /**
     * {@code cos(2 pi t)} ({@code sine} false) or {@code sin(2 pi t)} for t in [0, 1): {@code q = rint(4 t)} (ties to
     * even), {@code r = t - 0.25 q} (exact), {@code x = r * TWO_PI} in [-pi/4, pi/4], {@code z = x * x}, the Taylor
     * polynomials {@code s = x + (x * z) * S(z)} and {@code c = 1 + z * C(z)} (Horner from the last coefficient, as in
     * {@link #log}), then by quadrant {@code q mod 4}: 0 gives (c, s), 1 (-s, c), 2 (-c, -s), 3 (s, -c) as (cos, sin).
     */
    static double cosOrSinTurns(double t, boolean sine) {
        double q = Math.rint(4 * t);
        double x = (t - 0.25 * q) * TWO_PI;
        double z = x * x;
        double sp = SIN[SIN.length - 1];
        for (int k = SIN.length - 2; k >= 0; k--) sp = sp * z + SIN[k];
        double cp = COS[COS.length - 1];
        for (int k = COS.length - 2; k >= 0; k--) cp = cp * z + COS[k];
        double s = x + x * z * sp, c = 1 + z * cp;
        return switch ((int) q & 3) {
            case 0 -> sine ? s : c;
            case 1 -> sine ? c : -s;
            case 2 -> sine ? -s : -c;
            default -> sine ? -c : s;
        };
    }
}
