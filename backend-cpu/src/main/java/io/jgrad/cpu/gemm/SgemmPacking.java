package io.jgrad.cpu.gemm;

import static io.jgrad.cpu.gemm.SgemmKernel.L;
import static io.jgrad.cpu.gemm.SgemmKernel.MR;
import static io.jgrad.cpu.gemm.SgemmKernel.NR;
import static io.jgrad.cpu.gemm.SgemmKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the panel layouts the micro-kernel streams through.
 * Transposed operands are read through their strides here, so they are never materialized.
 */
final class SgemmPacking {
    private SgemmPacking() {}

    /**
     * Packs op(A)[i0..i0+mc, p0..p0+kc] into MR-row panels: panel q holds, for each p, the MR values
     * of rows q*MR..q*MR+MR-1 in column p, zero-padded past mc.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int p0, int mc, int kc, float[] dst) {
        for (int r0 = 0, panel = 0; r0 < mc; r0 += MR, panel += MR * kc) {
            int mr = Math.min(MR, mc - r0);
            if (transA) {
                // op(A)(i, p) = a[p*lda + i]: the MR rows of one column are contiguous.
                int src = aOff + p0 * lda + i0 + r0;
                for (int p = 0; p < kc; p++, src += lda) {
                    int d = panel + p * MR;
                    for (int r = 0; r < mr; r++) dst[d + r] = a[src + r];
                    for (int r = mr; r < MR; r++) dst[d + r] = 0f;
                }
            } else {
                // op(A)(i, p) = a[i*lda + p]: read four rows sequentially at a time, so each write
                // fills four neighbouring floats of a packed column (see packB's transposed case).
                int row = 0;
                for (; row + 4 <= mr; row += 4) {
                    int s0 = aOff + (i0 + r0 + row) * lda + p0, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                    for (int p = 0, d = panel + row; p < kc; p++, d += MR) {
                        dst[d] = a[s0 + p];
                        dst[d + 1] = a[s1 + p];
                        dst[d + 2] = a[s2 + p];
                        dst[d + 3] = a[s3 + p];
                    }
                }
                for (; row < mr; row++) {
                    int src = aOff + (i0 + r0 + row) * lda + p0;
                    for (int p = 0, d = panel + row; p < kc; p++, d += MR) dst[d] = a[src + p];
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) dst[panel + r + p * MR] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(B)[p0..p0+kc, j0..j0+nc] into NR-column panels: panel q holds, for each p, the NR
     * values of columns q*NR..q*NR+NR-1 in row p, zero-padded past nc. Panel 0 starts at dstOff.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int j0, int kc, int nc, float[] dst, int dstOff) {
        for (int c0 = 0, panel = dstOff; c0 < nc; c0 += NR, panel += NR * kc) {
            int nr = Math.min(NR, nc - c0);
            if (transB) {
                // op(B)(p, j) = b[j*ldb + p]: read four columns of op(B) sequentially at a time, so
                // each write fills four neighbouring floats of a packed row (one column at a time
                // touched every cache line of the panel once per column).
                int j = 0;
                for (; j + 4 <= nr; j += 4) {
                    int s0 = bOff + (j0 + c0 + j) * ldb + p0, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    for (int p = 0, d = panel + j; p < kc; p++, d += NR) {
                        dst[d] = b[s0 + p];
                        dst[d + 1] = b[s1 + p];
                        dst[d + 2] = b[s2 + p];
                        dst[d + 3] = b[s3 + p];
                    }
                }
                for (; j < nr; j++) {
                    int src = bOff + (j0 + c0 + j) * ldb + p0;
                    for (int p = 0, d = panel + j; p < kc; p++, d += NR) dst[d] = b[src + p];
                }
                if (nr < NR) {
                    for (int p = 0; p < kc; p++) {
                        int d = panel + p * NR;
                        Arrays.fill(dst, d + nr, d + NR, 0f);
                    }
                }
            } else {
                // op(B)(p, j) = b[p*ldb + j]: each packed row is a contiguous slice of a row of B.
                int src = bOff + p0 * ldb + j0 + c0;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int d = panel + p * NR;
                        FloatVector.fromArray(S, b, src).intoArray(dst, d);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int d = panel + p * NR;
                        System.arraycopy(b, src, dst, d, nr);
                        Arrays.fill(dst, d + nr, d + NR, 0f);
                    }
                }
            }
        }
    }
}
