package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Backend#random} on a backend: the same bits as the reference backend for every distribution and dtype, at
 * any offset (also across the 2^64 wrap) and length (SIMD tails, parallel sizes), counter-based (a draw is a slice
 * of a longer one), and statistically sane: sample mean and variance within five standard errors of the
 * distribution's, the standard errors computed from the sample size and the distribution's own moments.
 */
public abstract class RandomContract extends KitSuite {
    private static final int[] LENGTHS = {0, 1, 2, 3, 5, 17, 1000, 100_003};
    private static final long[] OFFSETS = {0, 7, -3};

    protected RandomContract(BackendTestKit kit) { super(kit); }

    private record Case(RandomDistribution distribution, DType dtype) {}

    private static List<Case> cases() {
        List<RandomDistribution> all = List.of(new RandomDistribution.Uniform(0, 1), new RandomDistribution.Uniform(-2.5, 7),
                new RandomDistribution.Normal(0, 1), new RandomDistribution.Normal(3, 0.5), new RandomDistribution.Bernoulli(0.3),
                new RandomDistribution.Bernoulli(1), new RandomDistribution.Integers(-3, 2),
                new RandomDistribution.Integers(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2));
        List<Case> cases = new ArrayList<>();
        for (RandomDistribution d : all) for (DType t : DType.values()) if (d.supports(t)) cases.add(new Case(d, t));
        return cases;
    }

    /** The values as longs that compare bit for bit (raw float bits for floats). */
    private static long[] bits(Backend b, Storage s) {
        HostStorage h = b.download(s);
        long[] out = new long[h.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (h.dtype()) {
                case F32 -> Float.floatToRawIntBits(h.floats()[i]);
                case F64 -> Double.doubleToRawLongBits(h.doubles()[i]);
                default -> h.getLong(i);
            };
        }
        return out;
    }

    @Test
    void everyDistributionAndDtypeMatchesTheReferenceBitForBit() {
        Backend b = backend();
        for (Case c : cases()) {
            for (int length : LENGTHS) {
                for (long offset : OFFSETS) {
                    String what = c + " length " + length + " offset " + offset;
                    Storage s = b.random(c.distribution(), c.dtype(), length, 42, offset);
                    assertEquals(c.dtype(), s.dtype(), what);
                    assertEquals(length, s.length(), what);
                    assertArrayEquals(bits(REFERENCE, REFERENCE.random(c.distribution(), c.dtype(), length, 42, offset)), bits(b, s), what);
                }
            }
        }
    }

    @Test
    void aDrawIsASliceOfALongerDrawFromAnEarlierBlock() {
        Backend b = backend();
        for (Case c : cases()) {
            int perBlock = c.distribution().elementsPerBlock(c.dtype());
            long[] whole = bits(b, b.random(c.distribution(), c.dtype(), 600 + 3 * perBlock, 9, 100));
            long[] part = bits(b, b.random(c.distribution(), c.dtype(), 600, 9, 103));
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, 3 * perBlock, 3 * perBlock + 600), part, c.toString());
            long[] otherSeed = bits(b, b.random(c.distribution(), c.dtype(), 600, 10, 103));
            assertTrue(c.distribution() instanceof RandomDistribution.Bernoulli bern && bern.p() == 1
                    || !java.util.Arrays.equals(part, otherSeed), "another seed gives other values: " + c);
        }
    }

    @Test
    void unsupportedDtypesAreRejected() {
        Backend b = backend();
        assertThrows(IllegalArgumentException.class, () -> b.random(new RandomDistribution.Normal(0, 1), DType.I64, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> b.random(new RandomDistribution.Uniform(0, 1), DType.BOOL, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> b.random(new RandomDistribution.Integers(0, 3), DType.F32, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> b.random(new RandomDistribution.Integers(0, 1L << 40), DType.I32, 3, 1, 0));
    }

    private static final int N = 400_000;

    /** Values as doubles, drawn on the backend under test. */
    private double[] sample(RandomDistribution d, DType dtype) {
        HostStorage h = backend().download(backend().random(d, dtype, N, 2024, 5));
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = h.getDouble(i);
        return v;
    }

    /**
     * Sample mean within 5 standard errors of {@code mean}, sample variance within 5 standard errors of {@code var}
     * (its standard error is sqrt((mu4 - var^2) / n) for the fourth central moment mu4), and the correlation of
     * neighbours within 5 / sqrt(n) of 0.
     */
    private static void assertMoments(String what, double[] v, double mean, double var, double mu4) {
        int n = v.length;
        double m = 0;
        for (double x : v) m += x;
        m /= n;
        double s2 = 0, lag = 0;
        for (int i = 0; i < n; i++) {
            s2 += (v[i] - m) * (v[i] - m);
            if (i > 0) lag += (v[i] - m) * (v[i - 1] - m);
        }
        s2 /= n - 1;
        assertEquals(mean, m, 5 * Math.sqrt(var / n), what + ": mean");
        assertEquals(var, s2, 5 * Math.sqrt((mu4 - var * var) / n), what + ": variance");
        assertEquals(0, lag / (n - 1) / s2, 5 / Math.sqrt(n), what + ": correlation of neighbours");
    }

    @Test
    void uniformHasItsRangeMeanAndVariance() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            double low = -2.5, high = 7, w = high - low;
            double[] v = sample(new RandomDistribution.Uniform(low, high), t);
            for (double x : v) assertTrue(x >= low && x < high, t + " value " + x);
            assertMoments("uniform " + t, v, (low + high) / 2, w * w / 12, Math.pow(w, 4) / 80);
        }
    }

    @Test
    void normalHasItsMeanAndVariance() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            double mean = 3, std = 0.5, var = std * std;
            double[] v = sample(new RandomDistribution.Normal(mean, std), t);
            assertMoments("normal " + t, v, mean, var, 3 * var * var);
            // Both halves of each Box-Muller pair (cosine lanes, sine lanes) are normal on their own.
            double[] cos = new double[N / 2], sin = new double[N / 2];
            for (int i = 0; i < N / 2; i++) {
                cos[i] = v[2 * i];
                sin[i] = v[2 * i + 1];
            }
            assertMoments("normal cos lanes " + t, cos, mean, var, 3 * var * var);
            assertMoments("normal sin lanes " + t, sin, mean, var, 3 * var * var);
        }
    }

    @Test
    void bernoulliHasItsRate() {
        for (DType t : DType.values()) {
            double p = 0.3;
            double[] v = sample(new RandomDistribution.Bernoulli(p), t);
            for (double x : v) assertTrue(x == 0 || x == 1, t + " value " + x);
            // Central moments of a Bernoulli: variance p(1-p), fourth p(1-p)(1 - 3p(1-p)).
            double var = p * (1 - p);
            assertMoments("bernoulli " + t, v, p, var, var * (1 - 3 * var));
        }
    }

    @Test
    void integersCoverTheirRangeEvenly() {
        for (DType t : new DType[] {DType.I32, DType.I64}) {
            long low = -3, high = 7;
            double k = high - low;
            double[] v = sample(new RandomDistribution.Integers(low, high), t);
            for (double x : v) assertTrue(x >= low && x < high && x == Math.rint(x), t + " value " + x);
            // Discrete uniform on k values: variance (k^2 - 1)/12, fourth central moment (k^2 - 1)(3k^2 - 7)/240.
            assertMoments("randint " + t, v, (low + high - 1) / 2.0, (k * k - 1) / 12, (k * k - 1) * (3 * k * k - 7) / 240);
        }
    }

    @Test
    void tensorDrawsRunOnTheBackendAndMatchTheReference() {
        Backend b = backend();
        List<java.util.function.Function<Generator, Tensor>> draws = List.of(
                g -> Tensor.rand(g, 3, 5), g -> Tensor.randn(g, 7), g -> Tensor.uniform(g, DType.F64, -1, 1, 9),
                g -> Tensor.normal(g, DType.F64, 1, 2, 4, 4), g -> Tensor.randint(g, 0, 10, 11),
                g -> Tensor.bernoulli(g, DType.BOOL, 0.5, 13), g -> Tensor.bernoulli(g, Tensor.full(0.25, 6)));
        for (var draw : draws) {
            Generator mine = new Generator(77), theirs = new Generator(77);
            Tensor t;
            try (var on = Backends.use(b)) {
                t = draw.apply(mine);
            }
            Tensor expected;
            try (var on = Backends.use(REFERENCE)) {
                expected = draw.apply(theirs);
            }
            assertSame(b, t.backend(), "drawn on the backend itself");
            assertEquals(expected.dtype(), t.dtype());
            assertArrayEquals(expected.toDoubleArray(), t.toDoubleArray());
            assertEquals(theirs.offset(), mine.offset(), "the same blocks are reserved");
        }
    }
}
