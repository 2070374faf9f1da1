package io.jgrad;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded reproducibility, ranges and rough moments of the random factories. */
class RandomTest {
    private static final int N = 20_000;

    @Test
    void sameSeedSameValuesDifferentSeedDifferentValues() {
        assertArrayEquals(Tensor.randn(new Generator(7), 50).toFloatArray(), Tensor.randn(new Generator(7), 50).toFloatArray());
        assertFalse(Arrays.equals(Tensor.randn(new Generator(7), 50).toFloatArray(), Tensor.randn(new Generator(8), 50).toFloatArray()));
        Generator g = new Generator(3);
        float[] first = Tensor.rand(g, 10).toFloatArray();
        float[] second = Tensor.rand(g, 10).toFloatArray();
        assertFalse(Arrays.equals(first, second), "a generator advances");
        g.manualSeed(3);
        assertArrayEquals(first, Tensor.rand(g, 10).toFloatArray(), "manualSeed restarts the sequence");
        Generator parent = new Generator(11);
        Generator child = parent.split();
        assertFalse(Arrays.equals(Tensor.rand(parent, 10).toFloatArray(), Tensor.rand(child, 10).toFloatArray()));
    }

    @Test
    void uniformRangeAndMoments() {
        double[] v = Tensor.uniform(new Generator(1), -2, 4, N).toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        assertTrue(Arrays.stream(v).allMatch(x -> x >= -2 && x < 4));
        assertEquals(1, mean, 0.05);
        assertEquals(36 / 12.0, variance(v, mean), 0.1);
        double[] r = Tensor.rand(new Generator(2), 100, 200).toDoubleArray();
        assertTrue(Arrays.stream(r).allMatch(x -> x >= 0 && x < 1));
        assertArrayEquals(new int[] {100, 200}, Tensor.rand(new Generator(2), 100, 200).dims());
    }

    @Test
    void normalMoments() {
        double[] v = Tensor.normal(new Generator(4), 3, 2, N).toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        assertEquals(3, mean, 0.05);
        assertEquals(4, variance(v, mean), 0.15);
        double[] s = Tensor.randn(new Generator(5), N).toDoubleArray();
        double m = Arrays.stream(s).average().orElseThrow();
        assertEquals(0, m, 0.03);
        assertEquals(1, variance(s, m), 0.04);
        long beyond3 = Arrays.stream(s).filter(x -> Math.abs(x) > 3).count();
        assertTrue(beyond3 < N * 0.006, "tails of a normal: " + beyond3);
    }

    @Test
    void randintCoversTheRangeUniformly() {
        long[] v = Tensor.randint(new Generator(6), -3, 2, N).toLongArray();
        int[] counts = new int[5];
        for (long x : v) {
            assertTrue(x >= -3 && x < 2, "value " + x);
            counts[(int) (x + 3)]++;
        }
        for (int c : counts) assertEquals(N / 5.0, c, N * 0.02);
        assertEquals(DType.I64, Tensor.randint(new Generator(6), 0, 2, 3).dtype());
    }

    @Test
    void bernoulliRates() {
        double[] v = Tensor.bernoulli(new Generator(8), 0.3, N).toDoubleArray();
        assertTrue(Arrays.stream(v).allMatch(x -> x == 0 || x == 1));
        assertEquals(0.3, Arrays.stream(v).average().orElseThrow(), 0.02);
        Tensor probs = Tensor.of(new double[] {0, 1, 0, 1});
        Tensor draws = Tensor.bernoulli(new Generator(9), probs);
        assertEquals(DType.F64, draws.dtype());
        assertArrayEquals(new double[] {0, 1, 0, 1}, draws.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.bernoulli(new Generator(9), Tensor.of(new double[] {1.5})));
        assertThrows(IllegalArgumentException.class, () -> Tensor.bernoulli(new Generator(9), -0.1, 2));
    }

    @Test
    void permutationIsAPermutation() {
        long[] p = Tensor.permutation(new Generator(10), 100).toLongArray();
        long[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) assertEquals(i, sorted[i]);
        assertFalse(Arrays.equals(p, sorted), "shuffled");
        assertEquals(0, Tensor.permutation(new Generator(10), 0).numel());
    }

    @Test
    void invalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(new Generator(1), 2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.normal(new Generator(1), 0, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(new Generator(1), 3, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(new Generator(1), Long.MIN_VALUE, Long.MAX_VALUE, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.permutation(new Generator(1), -1));
    }

    @Test
    void aGeneratorIsASeedAndACounterOfPhiloxBlocks() {
        Generator g = new Generator(123);
        assertEquals(123, g.seed());
        assertEquals(0, g.offset());
        Tensor.rand(g, 10);             // F32 uniform: 4 per block
        assertEquals(3, g.offset());
        Tensor.randn(g, DType.F64, 5);  // normal: 2 per block
        assertEquals(6, g.offset());
        Tensor.randint(g, 0, 9, 4);     // integers: 2 per block
        assertEquals(8, g.offset());
        g.nextInt(5);                   // host draws: one block each
        g.nextGaussian();
        assertEquals(10, g.offset());
        g.manualSeed(123);
        assertEquals(0, g.offset());

        // A host draw is the first element of the matching one-element tensor draw at the same counter.
        Generator a = new Generator(5), b = new Generator(5);
        assertEquals(Tensor.rand(a, DType.F64, 1).item(), b.nextDouble());
        assertEquals(Tensor.randn(a, DType.F64, 1).item(), b.nextGaussian());
        assertEquals(Tensor.randint(a, 0, 1000, 1).longItem(), b.nextLong(1000));
        assertEquals(a.offset(), b.offset());
        for (int i = 0; i < 1000; i++) {
            double u = b.nextDouble();
            int k = b.nextInt(7);
            assertTrue(u >= 0 && u < 1 && k >= 0 && k < 7);
        }
        assertThrows(IllegalArgumentException.class, () -> b.nextInt(0));

        // split() takes the parent's next 64 bits as the child's seed.
        Generator parent = new Generator(8), copy = new Generator(8);
        Generator child = parent.split();
        assertEquals(copy.nextLong(), child.seed());
        assertEquals(0, child.offset());
        assertEquals(copy.offset(), parent.offset());
    }

    @Test
    void bernoulliProbabilitiesAreCheckedOnTheirBackend() {
        Tensor probs = Tensor.of(new double[] {0.5, Double.NaN, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.bernoulli(new Generator(1), probs));
        assertEquals("bernoulli: probability at flat index 1 is NaN, not in [0, 1]", e.getMessage());
        assertEquals(DType.F32, Tensor.bernoulli(new Generator(1), Tensor.full(0.5, 3)).dtype());
        assertArrayEquals(Tensor.permutation(new Generator(4), 50).toLongArray(), Tensor.permutation(new Generator(4), 50).toLongArray());
    }

    private static double variance(double[] v, double mean) {
        return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
    }
}
