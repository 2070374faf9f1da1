package io.jgrad.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Both products of {@link RowOffsetGemm} against a double-precision loop, with overlapping rows as convolutions use,
 * and the packing of B for {@link RowOffsetGemm#multiplyAdd} element by element.
 */
class RowOffsetGemmTest {
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1, 1, 1", "12, 32, 9", "13, 33, 10", "64, 224, 288", "5, 70, 3", "30, 40, 100"})
    void multiplyReadsOverlappingRowsOfB(int m, int n, int k) {
        assumeTrue(RowOffsetGemm.SUPPORTED);
        int cols = RowOffsetGemm.paddedCols(n), rows = RowOffsetGemm.paddedRows(m);
        float[] a = random(m * k, 1);
        // Row p of B starts 3 floats after row p - 1: rows overlap, like a padded image's taps.
        int[] bRows = new int[k];
        for (int p = 0; p < k; p++) bRows[p] = 3 * p;
        float[] b = random(3 * (k - 1) + cols, 2);
        float[] packed = new float[rows * k];
        RowOffsetGemm.packA(a, 0, k, m, k, packed);
        float[] c = new float[rows * cols];
        java.util.Arrays.fill(c, Float.NaN);
        RowOffsetGemm.multiply(packed, m, k, b, bRows, n, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = 0, bound = 0;
                for (int p = 0; p < k; p++) {
                    want += (double) a[i * k + p] * b[bRows[p] + j];
                    bound += Math.abs((double) a[i * k + p] * b[bRows[p] + j]);
                }
                assertClose(want, c[i * cols + j], k, bound, i, j);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1, 1, 1", "9, 32, 840", "288, 64, 224", "13, 33, 10", "25, 70, 17"})
    void multiplyAddReadsOverlappingRowsOfAAndAccumulates(int m, int n, int k) {
        assumeTrue(RowOffsetGemm.SUPPORTED);
        int cols = RowOffsetGemm.paddedCols(n), rows = RowOffsetGemm.paddedRows(m), w = RowOffsetGemm.PANEL_WIDTH;
        int[] aRows = new int[rows];
        for (int i = 0; i < rows; i++) aRows[i] = 2 * Math.min(i, m - 1);
        float[] a = random(2 * (m - 1) + k, 3);
        float[] b = random(k * n, 4);
        float[] packedB = new float[cols * k];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) packedB[(j / w) * w * k + p * w + j % w] = b[p * n + j];
        }
        float[] c = random(rows * cols, 5), before = c.clone();
        RowOffsetGemm.multiplyAdd(a, aRows, m, k, packedB, n, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = before[i * cols + j], bound = Math.abs(want);
                for (int p = 0; p < k; p++) {
                    want += (double) a[aRows[i] + p] * b[p * n + j];
                    bound += Math.abs((double) a[aRows[i] + p] * b[p * n + j]);
                }
                assertClose(want, c[i * cols + j], k + 1, bound, i, j);
            }
        }
    }

    @ParameterizedTest(name = "k={0} n={1}")
    @CsvSource({"1, 1", "196, 64", "784, 32", "13, 33", "8, 8", "20, 70"})
    void packTransposedBLaysOutMultiplyAddsPanels(int k, int n) {
        int w = RowOffsetGemm.PANEL_WIDTH, ldbt = k + 3, btOff = 2, dstOff = 5;
        float[] bt = random(btOff + n * ldbt, 6);
        float[] dst = new float[dstOff + RowOffsetGemm.paddedCols(n) * k + 4];
        Arrays.fill(dst, Float.NaN);
        RowOffsetGemm.packTransposedB(bt, btOff, ldbt, k, n, dst, dstOff);
        for (int d = 0; d < dst.length; d++) {
            int at = d - dstOff, panel = Math.floorDiv(at, w * k), p = Math.floorMod(at, w * k) / w, j = panel * w + at % w;
            boolean inside = at >= 0 && at < RowOffsetGemm.paddedCols(n) * k;
            float want = !inside ? Float.NaN : j < n ? bt[btOff + j * ldbt + p] : 0f;
            assertEquals(want, dst[d], "dst[" + d + "] (p " + p + ", column " + j + ")");
        }
        assertThrows(IllegalArgumentException.class, () -> RowOffsetGemm.packTransposedB(bt, btOff, ldbt, k, n, new float[k], 0));
    }

    @Test
    void rowsReadingPastTheArrayAreRejectedWithTheRow() {
        assumeTrue(RowOffsetGemm.SUPPORTED);
        float[] packed = new float[RowOffsetGemm.paddedRows(1) * 2];
        float[] c = new float[RowOffsetGemm.paddedRows(1) * RowOffsetGemm.paddedCols(4)];
        var e = assertThrows(IllegalArgumentException.class,
                () -> RowOffsetGemm.multiply(packed, 1, 2, new float[40], new int[] {0, 20}, 4, c));
        assertTrue(e.getMessage().contains("row 1 of B at 20"), e.getMessage());
    }

    private static void assertClose(double want, float got, int terms, double bound, int i, int j) {
        double tol = 2 * (terms + 2) * Math.ulp(1f) * bound + 1e-30;
        assertEquals(want, got, tol, "C[" + i + "][" + j + "]");
    }

    private static float[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
