package io.jgrad.cpu.gemm;

import static io.jgrad.cpu.gemm.SgemmKernel.MR;
import static io.jgrad.cpu.gemm.SgemmKernel.NR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the packed panel layouts element by element against their definitions, for block sizes
 * that hit the vector transpose's full blocks and the scalar copy of partial blocks and tails.
 */
class SgemmPackingTest {
    /** Distinct values, so a misplaced element cannot match by accident. */
    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    @ParameterizedTest(name = "transB={0} kc={1} nc={2} p0={3} j0={4}")
    @CsvSource({
        "true, 16, 32, 0, 0", "true, 17, 33, 3, 5", "true, 7, 5, 0, 1", "true, 64, 70, 8, 0", "true, 1, 1, 0, 0",
        "true, 40, 9, 2, 3", "true, 24, 13, 1, 0", "true, 16, 16, 0, 0", "true, 9, 64, 1, 2",
        "false, 16, 32, 0, 0", "false, 17, 33, 3, 5", "false, 7, 5, 0, 1"})
    void packBMatchesDefinitionWithZeroPadding(boolean transB, int kc, int nc, int p0, int j0) {
        int k = p0 + kc + 2, n = j0 + nc + 3, off = 7;
        int ldb = (transB ? k : n) + 4;
        float[] b = ramp(off + ldb * (transB ? n : k));
        int panels = (nc + NR - 1) / NR, dstOff = 5;
        float[] dst = new float[dstOff + panels * NR * kc + 3];
        Arrays.fill(dst, Float.NaN);
        SgemmPacking.packB(transB, b, off, ldb, p0, j0, kc, nc, dst, dstOff);
        for (int q = 0; q < panels; q++) {
            for (int p = 0; p < kc; p++) {
                for (int jj = 0; jj < NR; jj++) {
                    int j = q * NR + jj;
                    float want = j >= nc ? 0f
                            : transB ? b[off + (j0 + j) * ldb + p0 + p] : b[off + (p0 + p) * ldb + j0 + j];
                    assertEquals(want, dst[dstOff + q * NR * kc + p * NR + jj], "panel " + q + ", p " + p + ", column " + jj);
                }
            }
        }
        assertEquals(Float.NaN, dst[dstOff - 1], "wrote before the panels");
        assertEquals(Float.NaN, dst[dstOff + panels * NR * kc], "wrote past the panels");
    }

    @ParameterizedTest(name = "transA={0} kc={1} mc={2}")
    @CsvSource({"false, 16, 24, 0, 0", "false, 19, 13, 2, 3", "false, 5, 1, 0, 0", "true, 19, 13, 2, 3", "true, 8, 12, 0, 0"})
    void packAMatchesDefinitionWithZeroPadding(boolean transA, int kc, int mc, int i0, int p0) {
        int m = i0 + mc + 2, k = p0 + kc + 3, off = 4;
        int lda = (transA ? m : k) + 2;
        float[] a = ramp(off + lda * (transA ? k : m));
        int panels = (mc + MR - 1) / MR;
        float[] dst = new float[panels * MR * kc];
        Arrays.fill(dst, Float.NaN);
        SgemmPacking.packA(transA, a, off, lda, i0, p0, mc, kc, dst);
        for (int q = 0; q < panels; q++) {
            for (int p = 0; p < kc; p++) {
                for (int rr = 0; rr < MR; rr++) {
                    int i = q * MR + rr;
                    float want = i >= mc ? 0f
                            : transA ? a[off + (p0 + p) * lda + i0 + i] : a[off + (i0 + i) * lda + p0 + p];
                    assertEquals(want, dst[q * MR * kc + p * MR + rr], "panel " + q + ", p " + p + ", row " + rr);
                }
            }
        }
    }

    /**
     * Transposed blocks whose last row ends the array (no whole vector fits at the last piece, so the panels are packed
     * one by one) and blocks with room (packed row by row): both give the definition, whole panels and a partial last
     * one.
     */
    @ParameterizedTest(name = "mc={0} room={1}")
    @CsvSource({"24, 0", "24, 16", "29, 0", "29, 16", "12, 3"})
    void transposedPackingMatchesDefinitionAtTheArraysEnd(int mc, int room) {
        int kc = 9, m = mc + 5, i0 = 5, lda = m;
        float[] a = ramp(lda * kc + room);
        int panels = (mc + MR - 1) / MR;
        float[] dst = new float[panels * MR * kc];
        Arrays.fill(dst, Float.NaN);
        SgemmPacking.packA(true, a, 0, lda, i0, 0, mc, kc, dst);
        for (int q = 0; q < panels; q++) {
            for (int p = 0; p < kc; p++) {
                for (int rr = 0; rr < MR; rr++) {
                    int i = q * MR + rr;
                    float want = i >= mc ? 0f : a[p * lda + i0 + i];
                    assertEquals(want, dst[q * MR * kc + p * MR + rr], "panel " + q + ", p " + p + ", row " + rr);
                }
            }
        }
    }

    @Test
    void blockTransposeWritesTheTransposedBlockAndNothingElse() {
        Assumptions.assumeTrue(BlockTranspose.AVAILABLE, "no 256-bit float vectors on this CPU");
        int b = BlockTranspose.B, srcStride = b + 3, dstStride = b + 5, srcOff = 2, dstOff = 1;
        // The source ends right after the last row read.
        float[] src = ramp(srcOff + (b - 1) * srcStride + b);
        float[] dst = new float[dstOff + b * dstStride];
        Arrays.fill(dst, -1f);
        BlockTranspose.transpose8(src, srcOff, srcStride, dst, dstOff, dstStride);
        for (int d = 0; d < dst.length; d++) {
            int q = (d - dstOff) / dstStride, i = (d - dstOff) % dstStride;
            float want = d >= dstOff && i < b ? src[srcOff + i * srcStride + q] : -1f;
            assertEquals(want, dst[d], "destination " + d);
        }
    }
}
