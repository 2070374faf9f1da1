package io.jgrad.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SgemmTest {
    /** Unit roundoff of float. */
    private static final double U = Math.ulp(1f) / 2;

    static List<Arguments> shapes() {
        int[][] sizes = {
            {1, 1, 1}, {1, 15, 17}, {15, 17, 33}, {17, 15, 1}, {33, 33, 33}, {8, 32, 256}, {9, 33, 257},
            {16, 64, 600},       // k spans several KC blocks
            {2000, 64, 600},     // a large A: one whole-depth block when it is not transposed
            {1100, 16, 1300},    // a large A, k past 4 KC: several blocks whichever the transposes
            {200, 40, 20},       // m spans several MC blocks
            {3, 3100, 5},        // n spans several NC blocks
            {1029, 917, 65},     // parallel, shared packed B, edges in both directions
            {260, 40, 600},      // parallel, shared packed B over several KC blocks (beta applied once)
            {1200, 3100, 1},     // parallel, shared packed B over several NC blocks
            {40, 3100, 20},      // parallel column stripes
            {128, 10, 256},      // MLP head: n narrower than one tile, computed transposed
            {3000, 3, 300},      // narrow output split over the threads, each part transposed
            {100, 60, 2100},     // deep: two depth slices, the second into a partial product added to C
            {200, 3, 4100},      // deep and narrow: each slice computed transposed
        };
        List<Arguments> out = new ArrayList<>();
        for (int[] s : sizes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    out.add(Arguments.of(ta, tb, s[0], s[1], s[2]));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("shapes")
    void matchesNaiveProductForAllTransposes(boolean ta, boolean tb, int m, int n, int k) {
        check(ta, tb, m, n, k, 1f, 0f, 0, 0, 0, 0, 7);
    }

    /** B packed once, then multiplied (a recurrent weight's use), with scaling, accumulation and padded operands. */
    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("shapes")
    void aPackedBMatchesNaiveProduct(boolean ta, boolean tb, int m, int n, int k) {
        check(true, ta, tb, m, n, k, 0.5f, 1f, 1, 2, 3, 4, 11);
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("shapes")
    void honoursPaddedLeadingDimensionsOffsetsAlphaAndBeta(boolean ta, boolean tb, int m, int n, int k) {
        check(ta, tb, m, n, k, -0.75f, 1.5f, 3, 5, 2, 11, 11);
    }

    /**
     * A linear layer's product: bias rows written by the workers, then an epilogue that would show if it ran twice or
     * missed a block (2x + 1), over a C that starts as NaN; C's padding untouched.
     */
    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("shapes")
    void linearAddsTheBiasAndRunsTheEpilogueOnceOnEveryElement(boolean ta, boolean tb, int m, int n, int k) {
        int off = 3, lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 4;
        float[] a = random(off + (ta ? k : m) * lda, 21), b = random(off + (tb ? n : k) * ldb, 22);
        float[] bias = random(5 + n, 23);
        float[] c = new float[off + m * ldc];
        Arrays.fill(c, Float.NaN);
        double[] start = new double[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) start[off + i * ldc + j] = bias[5 + j];
        }
        double[] bound = new double[m * n];
        double[] want = GemmReference.gemm(ta, tb, m, n, k, 1f, GemmReference.toDouble(a), off, lda,
                GemmReference.toDouble(b), off, ldb, 1f, start, off, ldc, bound);
        Sgemm.linear(ta, tb, m, n, k, a, off, lda, b, off, ldb, bias, 5, (y, at, length) -> {
            for (int i = at; i < at + length; i++) y[i] = 2 * y[i] + 1;
        }, c, off, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                float got = c[off + i * ldc + j];
                if (j >= n) {
                    assertTrue(Float.isNaN(got), "padding of C changed at row " + i + ", col " + j);
                    continue;
                }
                double expected = 2 * want[i * n + j] + 1, tol = 2 * ((k + 3) * U * bound[i * n + j]) + 4 * U;
                if (!(Math.abs(got - expected) <= tol)) {
                    fail("C[" + i + "][" + j + "] = " + got + ", want " + expected + " (bound " + tol + ")");
                }
            }
        }
    }

    @Test
    void packsALargeRowMajorAWholeDepthOnlyWhileTheBlockOfBStaysSmall() {
        assertEquals(1024, Sgemm.blockDepth(false, 4096, 1024, 256), "[4096 x 1024] x [1024 x 256]: one block");
        assertEquals(600, Sgemm.blockDepth(false, 2000, 600, 64));
        assertEquals(256, Sgemm.blockDepth(true, 4096, 1024, 256), "a transposed A keeps the KC blocks");
        assertEquals(Sgemm.blockDepth(784), Sgemm.blockDepth(false, 64, 784, 256), "a small A, in cache, too");
        assertEquals(Sgemm.blockDepth(1000), Sgemm.blockDepth(false, 4096, 1000, 300), "1000 x 320 packed floats");
        assertEquals(Sgemm.blockDepth(1300), Sgemm.blockDepth(false, 4096, 1300, 16), "past 4 KC");
        assertEquals(Sgemm.blockDepth(200), Sgemm.blockDepth(false, 8192, 200, 5000), "a single KC block either way");
    }

    @Test
    void deepProductsAreSummedInTwoDepthSlicesWhoseBitsDependOnNeitherStripesNorThreads() {
        assertTrue(Sgemm.isDeep(100, 60, 2100) && Sgemm.isDeep(200, 3, 4100), "the shapes above take this path");
        assertTrue(Sgemm.isDeep(256, 256, 4096) && Sgemm.isDeep(1024, 256, 4096), "a weight gradient over 4,096 tokens");
        assertTrue(!Sgemm.isDeep(2048, 2048, 2048), "a square product");
        assertTrue(!Sgemm.isDeep(1025, 256, 4096), "k under four times a side");
        assertTrue(!Sgemm.isDeep(20, 20, 4096), "too little work to split");
        assertTrue(!Sgemm.isDeep(256, 256, 2047), "too shallow for two slices of 4 KC");
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 100, n = 60, k = 2100, lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
                float[] a = random(2 + (ta ? k : m) * lda, 31), b = random(2 + (tb ? n : k) * ldb, 32);
                float[] start = random(2 + m * ldc, 33), viaGemm = start.clone();
                Sgemm.gemm(ta, tb, m, n, k, 0.5f, a, 2, lda, b, 2, ldb, -1.5f, viaGemm, 2, ldc);
                for (int stripes = 1; stripes <= 3; stripes++) {
                    float[] c = start.clone();
                    Sgemm.depthSliced(ta, tb, m, n, k, 0.5f, a, 2, lda, b, 2, ldb, -1.5f, c, 2, ldc, stripes);
                    assertArrayEquals(viaGemm, c, "transA " + ta + ", transB " + tb + ", " + stripes + " stripes");
                }
            }
        }
    }

    @Test
    void narrowOutputsTakeTheTransposedPath() {
        // The shapes above cover this path only while these hold.
        assertTrue(Sgemm.narrowPaysToFlip(128, 10));
        assertTrue(Sgemm.narrowPaysToFlip(1500, 3));
        assertTrue(!Sgemm.narrowPaysToFlip(1029, 917));
    }

    @Test
    void betaZeroOverwritesNanInC() {
        int m = 9, n = 35, k = 4;
        float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
        Arrays.fill(c, Float.NaN);
        Sgemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (float v : c) assertTrue(Float.isFinite(v), "beta = 0 must not read C");
    }

    @Test
    void zeroDepthScalesC() {
        float[] c = {1, 2, 3, 4, 5, 6};
        Sgemm.gemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 2f, c, 0, 3);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, c);
        Sgemm.gemm(true, true, 2, 3, 0, 1f, new float[0], 0, 2, new float[0], 0, 1, 0f, c, 0, 3);
        assertArrayEquals(new float[6], c);
    }

    @Test
    void alphaZeroOnlyScalesC() {
        float[] a = {Float.NaN, 1}, b = {1, Float.NaN};
        float[] c = {1, 2, 3, 4};
        Sgemm.gemm(false, false, 2, 2, 1, 0f, a, 0, 1, b, 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c);
    }

    @Test
    void emptyOutputIsANoOp() {
        float[] c = {42};
        Sgemm.gemm(false, false, 0, 5, 3, 1f, new float[0], 0, 3, new float[15], 0, 5, 0f, new float[0], 0, 5);
        Sgemm.gemm(false, false, 5, 0, 3, 1f, new float[15], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
        assertEquals(42f, c[0]);
    }

    @Test
    void rejectsBadArgumentsNamingTheOperand() {
        float[] a = new float[6], b = new float[6], c = new float[4];
        var ld = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertTrue(ld.getMessage().contains("leading dimension of A"), ld.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 1, 2, 0f, c, 0, 2));
        assertTrue(oob.getMessage().contains("B (3 x 2"), oob.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
    }

    @Test
    void batchedMatchesOneCallPerEntry() {
        int m = 13, n = 21, k = 19, batch = 40;   // small entries: the batch itself is split over the threads
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = random(batch * m * k + 3, 3), b = random(batch * k * n + 1, 4);
                float[] c1 = random(batch * m * n, 5), c2 = c1.clone();
                int lda = ta ? m : k, ldb = tb ? k : n;
                Sgemm.gemmStridedBatched(ta, tb, m, n, k, 0.5f, a, 3, lda, m * k, b, 1, ldb, k * n,
                        2f, c1, 0, n, m * n, batch);
                for (int i = 0; i < batch; i++) {
                    Sgemm.gemm(ta, tb, m, n, k, 0.5f, a, 3 + i * m * k, lda, b, 1 + i * k * n, ldb,
                            2f, c2, i * m * n, n);
                }
                assertArrayEquals(c2, c1);
            }
        }
    }

    @Test
    void batchedWithOffsetArraysSharesOperands() {
        int m = 70, n = 90, k = 400;             // large entries: each call uses all the threads
        float[] a = random(m * k, 6), b = random(2 * k * n, 7), c = new float[2 * m * n];
        Sgemm.gemmBatched(false, false, m, n, k, 1f, a, new int[] {0, 0}, k, b, new int[] {0, k * n}, n,
                0f, c, new int[] {m * n, 0}, n);
        float[] first = new float[m * n], second = new float[m * n];
        Sgemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, first, 0, n);
        Sgemm.gemm(false, false, m, n, k, 1f, a, 0, k, b, k * n, n, 0f, second, 0, n);
        assertArrayEquals(first, Arrays.copyOfRange(c, m * n, 2 * m * n));
        assertArrayEquals(second, Arrays.copyOfRange(c, 0, m * n));
        assertThrows(IllegalArgumentException.class, () -> Sgemm.gemmBatched(false, false, m, n, k, 1f,
                a, new int[] {0}, k, b, new int[] {0, 0}, n, 0f, c, new int[] {0, 0}, n));
    }

    /**
     * Runs one GEMM with operands embedded at {@code off} in arrays whose rows are padded by
     * {@code pad} and compares with the naive product, also checking C's padding is untouched.
     */
    private static void check(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              int padA, int padB, int padC, int off, long seed) {
        check(false, ta, tb, m, n, k, alpha, beta, padA, padB, padC, off, seed);
    }

    /** With {@code packed}, B is packed once ({@link Sgemm#pack}) and multiplied with {@link Sgemm#gemmPacked}. */
    private static void check(boolean packed, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              int padA, int padB, int padC, int off, long seed) {
        int lda = (ta ? m : k) + padA, ldb = (tb ? k : n) + padB, ldc = n + padC;
        int aRows = ta ? k : m, bRows = tb ? n : k;
        float[] a = random(off + aRows * lda, seed), b = random(off + bRows * ldb, seed + 1);
        float[] c = random(off + m * ldc, seed + 2);
        float[] before = c.clone();
        double[] bound = new double[m * n];
        double[] want = GemmReference.gemm(ta, tb, m, n, k, alpha, GemmReference.toDouble(a), off, lda,
                GemmReference.toDouble(b), off, ldb, beta, GemmReference.toDouble(c), off, ldc, bound);
        if (packed) Sgemm.gemmPacked(ta, m, alpha, a, off, lda, Sgemm.pack(tb, k, n, b, off, ldb), beta, c, off, ldc);
        else Sgemm.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int idx = off + i * ldc + j;
                if (j >= n) {
                    if (Float.compare(c[idx], before[idx]) != 0) fail("padding of C changed at row " + i + ", col " + j);
                    continue;
                }
                // Forward error bound of a k-term float dot product plus the final scale and add.
                double tol = (k + 3) * U * bound[i * n + j] + Float.MIN_NORMAL;
                double err = Math.abs(c[idx] - want[i * n + j]);
                if (err > tol) {
                    fail("C[" + i + "][" + j + "] = " + c[idx] + ", want " + want[i * n + j] + " (error " + err
                            + " > bound " + tol + ")");
                }
            }
        }
        for (int idx = 0; idx < off; idx++) assertEquals(before[idx], c[idx], "C before its offset changed");
    }

    static float[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
