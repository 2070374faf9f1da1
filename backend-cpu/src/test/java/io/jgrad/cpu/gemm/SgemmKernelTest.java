package io.jgrad.cpu.gemm;

import static io.jgrad.cpu.gemm.SgemmKernel.NR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tests both micro-kernels directly on hand-made panels: only the one matching this machine's
 * species is used by Sgemm, so the other one would otherwise go untested here.
 */
class SgemmKernelTest {
    /** Row r, column j of a packed panel product in double: the sum of the kc terms and of their magnitudes. */
    private record Dot(double sum, double abs) {
        static Dot of(int kc, float[] ap, int aAt, int rows, float[] bp, int bAt) {
            double sum = 0, abs = 0;
            for (int p = 0; p < kc; p++) {
                double x = (double) ap[aAt + p * rows] * bp[bAt + p * NR];
                sum += x;
                abs += Math.abs(x);
            }
            return new Dot(sum, abs);
        }
    }

    @FunctionalInterface
    interface Kernel {
        void tile(int kc, float[] ap, int aBase, float[] bp, int bBase,
                  float[] c, int cBase, int ldc, int mr, int nr, float alpha, float[] edge);
    }

    @ParameterizedTest(name = "{0}-row kernel, kc={1}, tile {2}x{3}")
    @CsvSource({"12, 37, 12, 32", "12, 5, 7, 3", "12, 1, 1, 1", "6, 37, 6, 32", "6, 9, 4, 17", "6, 1, 1, 1"})
    void addsAlphaTimesPanelProductToC(int rows, int kc, int mr, int nrWanted) {
        Kernel kernel = rows == 12 ? SgemmKernel::tile12x2 : SgemmKernel::tile6x2;
        int nr = Math.min(nrWanted, NR);
        int aBase = 3, bBase = 5, cBase = 2, ldc = NR + 4;
        float[] ap = SgemmTest.random(aBase + kc * rows, 1);
        float[] bp = SgemmTest.random(bBase + kc * NR, 2);
        float[] c = SgemmTest.random(cBase + rows * ldc, 3);
        float[] before = c.clone();
        kernel.tile(kc, ap, aBase, bp, bBase, c, cBase, ldc, mr, nr, 0.5f, new float[rows * NR]);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < ldc && cBase + r * ldc + j < c.length; j++) {
                int idx = cBase + r * ldc + j;
                if (r >= mr || j >= nr) {
                    assertEquals(before[idx], c[idx], "outside the " + mr + "x" + nr + " tile at " + r + "," + j);
                    continue;
                }
                Dot dot = Dot.of(kc, ap, aBase + r, rows, bp, bBase + j);
                double want = before[idx] + 0.5 * dot.sum();
                double tol = (kc + 3) * Math.ulp(1f) * (dot.abs() + Math.abs(before[idx]));
                assertEquals(want, c[idx], tol, "C at " + r + "," + j);
            }
        }
    }

    @FunctionalInterface
    interface StoringKernel {
        void tile(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] c, int cBase, int ldc, int mr, int nr,
                  float alpha, float[] bias, int biasOff, float[] edge);
    }

    /** The storing forms write alpha * AB (+ bias) over whatever C held (NaN here), and nothing outside the tile. */
    @ParameterizedTest(name = "{0}-row storing kernel, kc={1}, tile {2}x{3}, bias {4}")
    @CsvSource({"12, 37, 12, 32, true", "12, 37, 12, 32, false", "12, 5, 7, 3, true", "12, 1, 1, 1, false",
                "6, 37, 6, 32, true", "6, 9, 4, 17, true", "6, 9, 4, 17, false"})
    void storesAlphaTimesPanelProductPlusBias(int rows, int kc, int mr, int nrWanted, boolean withBias) {
        StoringKernel kernel = rows == 12 ? SgemmKernel::tile12x2Store : SgemmKernel::tile6x2Store;
        int nr = Math.min(nrWanted, NR);
        int aBase = 3, bBase = 5, cBase = 2, ldc = NR + 4, biasOff = 7;
        float[] ap = SgemmTest.random(aBase + kc * rows, 1);
        float[] bp = SgemmTest.random(bBase + kc * NR, 2);
        float[] bias = withBias ? SgemmTest.random(biasOff + NR, 4) : null;
        float[] c = new float[cBase + rows * ldc];
        java.util.Arrays.fill(c, Float.NaN);
        kernel.tile(kc, ap, aBase, bp, bBase, c, cBase, ldc, mr, nr, 0.5f, bias, biasOff, new float[rows * NR]);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < ldc && cBase + r * ldc + j < c.length; j++) {
                int idx = cBase + r * ldc + j;
                if (r >= mr || j >= nr) {
                    assertEquals(Float.NaN, c[idx], "outside the " + mr + "x" + nr + " tile at " + r + "," + j);
                    continue;
                }
                Dot dot = Dot.of(kc, ap, aBase + r, rows, bp, bBase + j);
                double b = withBias ? bias[biasOff + j] : 0;
                double tol = (kc + 3) * Math.ulp(1f) * (dot.abs() + Math.abs(b));
                assertEquals(b + 0.5 * dot.sum(), c[idx], tol, "C at " + r + "," + j);
            }
        }
    }
}
