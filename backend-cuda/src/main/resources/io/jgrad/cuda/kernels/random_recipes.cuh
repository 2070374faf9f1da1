// Philox4x32-10 and the recipes that turn its words into elements: a line-by-line port of the reference backend's
// Philox, RandomDistribution and RandomMath (core, io.jgrad.backend), which a draw must match bit for bit. Every
// floating-point operation is an explicit round-to-nearest intrinsic (__dadd_rn, __dmul_rn, ...), so the compiler
// can neither fuse a multiply and an add nor reorder anything; constants are the reference's quotients, which the
// compiler rounds to the nearest double as Java does. Depends on nothing but CUDA's intrinsics.
#pragma once

// ---- Philox4x32-10 (Philox.java) ----------------------------------------------------------------------------------

// Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1): ten rounds, the key bumped between rounds.
__device__ __forceinline__ void jg_philox_words(unsigned c0, unsigned c1, unsigned c2, unsigned c3, unsigned k0,
                                                unsigned k1, unsigned w[4]) {
    const unsigned M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += W0;
            k1 += W1;
        }
        unsigned hi0 = __umulhi(M0, c0), lo0 = M0 * c0;
        unsigned hi1 = __umulhi(M1, c2), lo1 = M1 * c2;
        unsigned n0 = hi1 ^ c1 ^ k0;
        unsigned n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
    }
    w[0] = c0;
    w[1] = c1;
    w[2] = c2;
    w[3] = c3;
}

// Block number `counter` of the stream keyed by `seed`: counter words (lo32, hi32, 0, 0), key words (lo32, hi32).
__device__ __forceinline__ void jg_philox_block(unsigned long long seed, unsigned long long counter, unsigned w[4]) {
    jg_philox_words((unsigned) counter, (unsigned) (counter >> 32), 0u, 0u, (unsigned) seed, (unsigned) (seed >> 32),
                    w);
}

// ---- RandomMath.java ----------------------------------------------------------------------------------------------

// 64 bits from two words, lo the low half.
__device__ __forceinline__ unsigned long long jg_bits64(unsigned lo, unsigned hi) {
    return ((unsigned long long) hi << 32) | lo;
}

// (w >>> 8) * 2^-24, in [0, 1): exact.
__device__ __forceinline__ double jg_unit24(unsigned w) { return __dmul_rn((double) (w >> 8), 0x1p-24); }

// (z >>> 11) * 2^-53 for z = (hi, lo), in [0, 1): exact.
__device__ __forceinline__ double jg_unit53(unsigned lo, unsigned hi) {
    return __dmul_rn(__ull2double_rn(jg_bits64(lo, hi) >> 11), 0x1p-53);
}

// Java's Math.nextDown(float): the largest float below f (-MIN_VALUE for either zero; NaN and -inf unchanged).
__device__ __forceinline__ float jg_next_down_f32(float f) {
    if (f != f || f == -__int_as_float(0x7f800000)) return f;
    if (f == 0.0f) return -__int_as_float(1);
    return __int_as_float(__float_as_int(f) + (f > 0.0f ? -1 : 1));
}

// Java's Math.nextDown(double).
__device__ __forceinline__ double jg_next_down_f64(double d) {
    if (d != d || d == -__longlong_as_double(0x7ff0000000000000LL)) return d;
    if (d == 0.0) return -__longlong_as_double(1LL);
    return __longlong_as_double(__double_as_longlong(d) + (d > 0.0 ? -1LL : 1LL));
}

// RandomMath.log: natural logarithm of a positive normal double by its fixed recipe.
__device__ __forceinline__ double jg_recipe_log(double x) {
    const double SQRT2 = 1.4142135623730951;
    const double LN2 = 0.6931471805599453;
    // 1/(2k+1) for k = 1..11.
    const double LOG[11] = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19,
                            1.0 / 21, 1.0 / 23};
    long long bits = __double_as_longlong(x);
    int e = (int) ((unsigned long long) bits >> 52) - 1023;
    double m = __longlong_as_double((bits & 0x000FFFFFFFFFFFFFLL) | 0x3FF0000000000000LL);
    if (m > SQRT2) {
        m = __dmul_rn(m, 0.5);
        e = e + 1;
    }
    double f = __dsub_rn(m, 1.0);
    double s = __ddiv_rn(f, __dadd_rn(2.0, f));
    double z = __dmul_rn(s, s);
    double p = LOG[10];
#pragma unroll
    for (int k = 9; k >= 0; --k) p = __dadd_rn(__dmul_rn(p, z), LOG[k]);
    double twoS = __dadd_rn(s, s);
    double logM = __dadd_rn(twoS, __dmul_rn(__dmul_rn(twoS, z), p));
    return __dadd_rn(__dmul_rn((double) e, LN2), logM);
}

// RandomMath.cosOrSinTurns: cos(2 pi t) (sine false) or sin(2 pi t) for t in [0, 1), by quadrant and Taylor polynomial.
__device__ __forceinline__ double jg_recipe_cos_or_sin_turns(double t, bool sine) {
    const double TWO_PI = 6.283185307179586;
    // (-1)^k/(2k+1)! for k = 1..8.
    const double SIN[8] = {-1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800, 1.0 / 6227020800.0,
                           -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    // (-1)^k/(2k)! for k = 1..9.
    const double COS[9] = {-1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800, 1.0 / 479001600,
                           -1.0 / 87178291200.0, 1.0 / 20922789888000.0, -1.0 / 6402373705728000.0};
    double q = rint(__dmul_rn(4.0, t)); // ties to even, as Math.rint
    double x = __dmul_rn(__dsub_rn(t, __dmul_rn(0.25, q)), TWO_PI);
    double z = __dmul_rn(x, x);
    double sp = SIN[7];
#pragma unroll
    for (int k = 6; k >= 0; --k) sp = __dadd_rn(__dmul_rn(sp, z), SIN[k]);
    double cp = COS[8];
#pragma unroll
    for (int k = 7; k >= 0; --k) cp = __dadd_rn(__dmul_rn(cp, z), COS[k]);
    double s = __dadd_rn(x, __dmul_rn(__dmul_rn(x, z), sp));
    double c = __dadd_rn(1.0, __dmul_rn(z, cp));
    switch ((int) q & 3) {
        case 0: return sine ? s : c;
        case 1: return sine ? c : -s;
        case 2: return sine ? -s : -c;
        default: return sine ? -c : s;
    }
}

// ---- RandomDistribution.java --------------------------------------------------------------------------------------

// Uniform.f32: low + (high - low) * unit24(word) rounded to float, kept below high.
__device__ __forceinline__ float jg_uniform_f32(unsigned word, double low, double high) {
    float v = __double2float_rn(__dadd_rn(low, __dmul_rn(__dsub_rn(high, low), jg_unit24(word))));
    if ((double) v < high || !(low < high)) return v;
    float below = __double2float_rn(high);
    return (double) below < high ? below : jg_next_down_f32(below);
}

// Uniform.f64: low + (high - low) * unit53(lo, hi), kept below high.
__device__ __forceinline__ double jg_uniform_f64(unsigned lo, unsigned hi, double low, double high) {
    double v = __dadd_rn(low, __dmul_rn(__dsub_rn(high, low), jg_unit53(lo, hi)));
    return v < high || !(low < high) ? v : jg_next_down_f64(high);
}

// Normal.value: lane 0 (cosine) or 1 (sine) of a block's Box-Muller pair, in double.
__device__ __forceinline__ double jg_normal(const unsigned w[4], int lane, double mean, double std) {
    double u = __dmul_rn(__ull2double_rn((jg_bits64(w[0], w[1]) >> 11) + 1), 0x1p-53);
    double r = __dsqrt_rn(__dmul_rn(-2.0, jg_recipe_log(u)));
    double t = jg_unit53(w[2], w[3]);
    return __dadd_rn(mean, __dmul_rn(std, __dmul_rn(r, jg_recipe_cos_or_sin_turns(t, lane == 1))));
}

// Bernoulli.test: the unsigned word, as a double, below p * 2^32.
__device__ __forceinline__ bool jg_bernoulli(unsigned word, double p) {
    return (double) word < __dmul_rn(p, 4294967296.0);
}

// Integers.value: low + hi64(z * (high - low)), z = (hi, lo) unsigned; the sums wrap as Java's longs do.
__device__ __forceinline__ long long jg_integer(unsigned lo, unsigned hi, long long low, long long high) {
    unsigned long long span = (unsigned long long) high - (unsigned long long) low;
    return (long long) ((unsigned long long) low + __umul64hi(jg_bits64(lo, hi), span));
}
