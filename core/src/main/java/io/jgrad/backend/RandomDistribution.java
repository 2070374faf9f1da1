package io.jgrad.backend;

import io.jgrad.DType;

/**
 * What {@link Backend#random} draws, with the exact recipe that turns Philox words into each element, so that every
 * backend gives the same bits. An element takes its words from one Philox block (four 32-bit words
 * {@code w0..w3}, see {@link Philox#block(long, long, int[])}); a block serves {@link #elementsPerBlock} consecutive
 * elements, element {@code i} of a draw using lane {@code i mod e} of block {@code offset + i / e}. All arithmetic is
 * IEEE-754 double, rounded to nearest after every operation, never fused (in CUDA C: {@code __dadd_rn},
 * {@code __dmul_rn}, or {@code -fmad=false}); an F32 result is the double result rounded to float once.
 */
public sealed interface RandomDistribution {
    /** How many consecutive elements of {@code dtype} one Philox block gives (1, 2 or 4). */
    int elementsPerBlock(DType dtype);

    /** The draw's name as the user's op sees it (in error messages). */
    String name();

    /** Whether this distribution can produce {@code dtype}. */
    boolean supports(DType dtype);

    /** Rejects a dtype this distribution cannot produce. */
    default void checkDtype(DType dtype) {
        if (!supports(dtype)) throw new IllegalArgumentException(name() + ": cannot draw " + dtype + " values");
    }

    /** The Philox blocks (counters) a draw of {@code length} elements of {@code dtype} consumes. */
    default long blocks(DType dtype, int length) {
        int e = elementsPerBlock(dtype);
        return ((long) length + e - 1) / e;
    }

    /**
     * Uniform in [low, high) for F32 and F64. F32 (4 per block): {@code u = (w_lane >>> 8) * 2^-24}. F64 (2 per
     * block): {@code u = (z >>> 11) * 2^-53} where z is the unsigned 64-bit {@code w_(2 lane + 1) << 32 | w_(2 lane)}.
     * Then {@code v = low + (high - low) * u}, rounded to the dtype; when {@code low < high} and rounding made v reach
     * high, v becomes the largest value of the dtype below high. {@code low == high} gives low.
     */
    record Uniform(double low, double high) implements RandomDistribution {
        public Uniform {
            if (!(low <= high)) throw new IllegalArgumentException("uniform: low " + low + " must be <= high " + high);
            if (!Double.isFinite(high - low)) {
                throw new IllegalArgumentException("uniform: the range [" + low + ", " + high + ") must be finite");
            }
        }

        @Override public String name() { return "uniform"; }

        @Override public boolean supports(DType dtype) { return dtype.isFloating(); }

        @Override public int elementsPerBlock(DType dtype) { return dtype == DType.F32 ? 4 : 2; }

        /** The F32 element from its word. */
        public float f32(int word) {
            float v = (float) (low + (high - low) * RandomMath.unit24(word));
            if (v < high || !(low < high)) return v;
            float below = (float) high;
            return below < high ? below : Math.nextDown(below);
        }

        /** The F64 element from its two words. */
        public double f64(int lo, int hi) {
            double v = low + (high - low) * RandomMath.unit53(lo, hi);
            return v < high || !(low < high) ? v : Math.nextDown(high);
        }
    }

    /**
     * Normal with {@code mean} and {@code std} (Box-Muller) for F32 and F64, 2 per block: with z01 and z23 the
     * unsigned 64-bit values {@code w1 << 32 | w0} and {@code w3 << 32 | w2}, {@code u = ((z01 >>> 11) + 1) * 2^-53}
     * in (0, 1], {@code t = (z23 >>> 11) * 2^-53} in [0, 1), {@code r = sqrt(-2 * log(u))}; lane 0 is
     * {@code mean + std * (r * cos(2 pi t))}, lane 1 {@code mean + std * (r * sin(2 pi t))}, with the log and the
     * cosine/sine of the fixed polynomial recipes documented in this package's {@code RandomMath}.
     */
    record Normal(double mean, double std) implements RandomDistribution {
        public Normal {
            if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }

        @Override public String name() { return "normal"; }

        @Override public boolean supports(DType dtype) { return dtype.isFloating(); }

        @Override public int elementsPerBlock(DType dtype) { return 2; }

        /** Lane 0 or 1 of a block, in double (an F32 element is this rounded to float). */
        public double value(int w0, int w1, int w2, int w3, int lane) {
            double u = ((RandomMath.bits64(w0, w1) >>> 11) + 1) * 0x1p-53;
            double r = Math.sqrt(-2 * RandomMath.log(u));
            double t = RandomMath.unit53(w2, w3);
            return mean + std * (r * RandomMath.cosOrSinTurns(t, lane == 1));
        }
    }

    /**
     * 1 with probability {@code p}, else 0, in any dtype (true/false for BOOL), 4 per block: the element is 1 when the
     * unsigned word {@code w_lane}, converted to double, is below {@code p * 2^32}.
     */
    record Bernoulli(double p) implements RandomDistribution {
        public Bernoulli {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: probability must be in [0, 1], got " + p);
        }

        @Override public String name() { return "bernoulli"; }

        @Override public boolean supports(DType dtype) { return true; }

        @Override public int elementsPerBlock(DType dtype) { return 4; }

        /** Whether the element drawn from this word is 1. */
        public boolean test(int word) { return (double) (word & 0xFFFF_FFFFL) < p * 0x1p32; }
    }

    /**
     * Integers in [low, high) for I64 and I32 (whose range must fit an int), 2 per block: with z the unsigned 64-bit
     * {@code w_(2 lane + 1) << 32 | w_(2 lane)} and {@code span = high - low}, the element is
     * {@code low + hi64(z * span)}, the upper half of the unsigned 128-bit product (CUDA's {@code __umul64hi}). Each
     * value's probability is within span/2^64 of 1/span.
     */
    record Integers(long low, long high) implements RandomDistribution {
        public Integers {
            if (low >= high) throw new IllegalArgumentException("randint: low " + low + " must be < high " + high);
            if (high - low <= 0) {
                throw new IllegalArgumentException("randint: the range [" + low + ", " + high + ") is wider than a long can count");
            }
        }

        @Override public String name() { return "randint"; }

        @Override
        public boolean supports(DType dtype) {
            return dtype == DType.I64 || (dtype == DType.I32 && low >= Integer.MIN_VALUE && high - 1 <= Integer.MAX_VALUE);
        }

        @Override
        public void checkDtype(DType dtype) {
            if (dtype == DType.I32 && !supports(dtype)) {
                throw new IllegalArgumentException("randint: the range [" + low + ", " + high + ") does not fit I32");
            }
            RandomDistribution.super.checkDtype(dtype);
        }

        @Override public int elementsPerBlock(DType dtype) { return 2; }

        /** The element drawn from its two words. */
        public long value(int lo, int hi) { return low + Math.unsignedMultiplyHigh(RandomMath.bits64(lo, hi), high - low); }
    }
}
