package io.jgrad.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DgemmTest {
    private static final double U = Math.ulp(1.0) / 2;

    static java.util.List<org.junit.jupiter.params.provider.Arguments> shapes() {
        return SgemmTest.shapes();
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("shapes")
    void matchesNaiveProductWithPaddingOffsetsAlphaBeta(boolean ta, boolean tb, int m, int n, int k) {
        int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3, off = 5;
        double[] a = random(off + (ta ? k : m) * lda, 1), b = random(off + (tb ? n : k) * ldb, 2);
        double[] c = random(off + m * ldc, 3);
        double[] before = c.clone();
        double[] bound = new double[m * n];
        double[] want = GemmReference.gemm(ta, tb, m, n, k, 1.25, a, off, lda, b, off, ldb, -0.5, c, off, ldc, bound);
        Dgemm.gemm(ta, tb, m, n, k, 1.25, a, off, lda, b, off, ldb, -0.5, c, off, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int idx = off + i * ldc + j;
                if (j >= n) {
                    if (c[idx] != before[idx]) fail("padding of C changed at row " + i + ", col " + j);
                    continue;
                }
                // The reference also rounds in double, so allow both sides' error.
                double tol = 2 * (k + 3) * U * bound[i * n + j] + Double.MIN_NORMAL;
                double err = Math.abs(c[idx] - want[i * n + j]);
                if (err > tol) fail("C[" + i + "][" + j + "] = " + c[idx] + ", want " + want[i * n + j]);
            }
        }
        assertArrayEquals(Arrays.copyOf(before, off), Arrays.copyOf(c, off));
    }

    @Test
    void betaZeroOverwritesNanAndZeroDepthScales() {
        double[] c = new double[6];
        Arrays.fill(c, Double.NaN);
        Dgemm.matmul(false, false, 2, 3, 2, new double[] {1, 2, 3, 4}, new double[] {1, 0, 0, 0, 1, 0}, c);
        assertArrayEquals(new double[] {1, 2, 0, 3, 4, 0}, c);
        Dgemm.gemm(false, false, 2, 3, 0, 1, new double[0], 0, 1, new double[0], 0, 3, 3, c, 0, 3);
        assertArrayEquals(new double[] {3, 6, 0, 9, 12, 0}, c);
        for (double v : c) assertTrue(Double.isFinite(v));
    }

    static double[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rnd.nextDouble() * 2 - 1;
        return x;
    }
}
