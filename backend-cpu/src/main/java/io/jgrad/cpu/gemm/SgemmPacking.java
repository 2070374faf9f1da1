package io.jgrad.cpu.gemm;

import static io.jgrad.cpu.gemm.SgemmKernel.L;
import static io.jgrad.cpu.gemm.SgemmKernel.MR;
import static io.jgrad.cpu.gemm.SgemmKernel.NR;
import static io.jgrad.cpu.gemm.SgemmKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

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
        int whole = mc - mc % MR, first = 0;
        if (transA && MR <= L && whole > 0 && aOff + (p0 + kc - 1) * lda + i0 + whole - MR + L <= a.length) {
            packTransposedRows(a, aOff + p0 * lda + i0, lda, whole, kc, dst);
            first = whole; // a last, partial panel below
        }
        for (int r0 = first, panel = first * kc; r0 < mc; r0 += MR, panel += MR * kc) {
            int mr = Math.min(MR, mc - r0);
            if (transA) {
                // op(A)(i, p) = a[p*lda + i]: the MR rows of one column are contiguous.
                int src = aOff + p0 * lda + i0 + r0;
                int p = 0;
                if (MR <= L) {
                    // One masked load (lanes past mr read as zero: the padding) and one masked store per column,
                    // while all L lanes lie inside both arrays: nearer an array's end the Vector API checks masked
                    // lanes one by one, without its intrinsics, so the last columns take the scalar loop.
                    VectorMask<Float> load = S.indexInRange(0, mr), store = S.indexInRange(0, MR);
                    for (; p < kc && src + L <= a.length && panel + p * MR + L <= dst.length; p++, src += lda) {
                        FloatVector.fromArray(S, a, src, load).intoArray(dst, panel + p * MR, store);
                    }
                }
                for (; p < kc; p++, src += lda) {
                    int d = panel + p * MR;
                    for (int r = 0; r < mr; r++) dst[d + r] = a[src + r];
                    for (int r = mr; r < MR; r++) dst[d + r] = 0f;
                }
            } else {
                // op(A)(i, p) = a[i*lda + p]: the panel is a transposed block of rows. (The 8 x 8
                // vector transpose measured no faster here than the scalar copy, with MR = 12 rows.)
                int src = aOff + (i0 + r0) * lda + p0;
                packRowsScalar(a, src, lda, mr, 0, kc, dst, panel, MR);
                for (int r = mr; r < MR; r++) {
                    for (int q = 0; q < kc; q++) dst[panel + r + q * MR] = 0f;
                }
            }
        }
    }

    /**
     * packA for a transposed A whose block has whole panels: each of the kc rows of A that hold the block is read once,
     * start to end, and its MR-value pieces go to every panel. Walking the panels one by one instead reads MR values
     * from each of kc rows lda apart per panel, a new page almost every row, and measured 12-25 % slower GEMMs with
     * k = 4096 (the weight gradients of 768- and 1024-wide layers). Packs the first {@code mc} rows of op(A), whole
     * panels only. The caller checks that a whole vector lies inside the array at the last piece: nearer its end the
     * masked accesses would leave their intrinsics for a lane-by-lane check.
     */
    private static void packTransposedRows(float[] a, int src, int lda, int mc, int kc, float[] dst) {
        VectorMask<Float> piece = S.indexInRange(0, MR);
        for (int p = 0; p < kc; p++, src += lda) {
            for (int r0 = 0, d = p * MR; r0 < mc; r0 += MR, d += MR * kc) {
                FloatVector.fromArray(S, a, src + r0, piece).intoArray(dst, d, piece);
            }
        }
    }

    /**
     * dst[d0 + p*ds + r] = src[s0 + r*ss + p] for r in [0, rows), p in [pFrom, pTo): the scalar
     * transposed copy, reading four source rows sequentially at a time so that each store fills
     * four neighbouring floats of a packed row (one row at a time touched every cache line of the
     * panel once per row).
     */
    private static void packRowsScalar(float[] src, int s0, int ss, int rows, int pFrom, int pTo, float[] dst, int d0, int ds) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int a0 = s0 + r * ss, a1 = a0 + ss, a2 = a1 + ss, a3 = a2 + ss;
            for (int p = pFrom, d = d0 + p * ds + r; p < pTo; p++, d += ds) {
                dst[d] = src[a0 + p];
                dst[d + 1] = src[a1 + p];
                dst[d + 2] = src[a2 + p];
                dst[d + 3] = src[a3 + p];
            }
        }
        for (; r < rows; r++) {
            int a0 = s0 + r * ss;
            for (int p = pFrom, d = d0 + p * ds + r; p < pTo; p++, d += ds) dst[d] = src[a0 + p];
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
                // op(B)(p, j) = b[j*ldb + p]: the panel is a transposed block of rows of b.
                // Eight rows of b at a time, each read start to end: few enough sequential streams for the
                // hardware prefetcher (b is a weight just written by the optimizer, not in cache).
                int src = bOff + (j0 + c0) * ldb + p0;
                int blockRows = BlockTranspose.AVAILABLE ? nr - nr % BlockTranspose.B : 0;
                int blockDepth = BlockTranspose.AVAILABLE ? kc - kc % BlockTranspose.B : 0;
                for (int j = 0; j < blockRows; j += BlockTranspose.B) {
                    for (int q = 0; q < blockDepth; q += BlockTranspose.B) {
                        BlockTranspose.transpose8(b, src + j * ldb + q, ldb, dst, panel + q * NR + j, NR);
                    }
                }
                // What the 8 x 8 blocks leave: the last depth values of the blocks' rows, then the last rows.
                packRowsScalar(b, src, ldb, blockRows, blockDepth, kc, dst, panel, NR);
                packRowsScalar(b, src + blockRows * ldb, ldb, nr - blockRows, 0, kc, dst, panel + blockRows, NR);
                if (nr < NR) {
                    for (int q = 0; q < kc; q++) {
                        int d = panel + q * NR;
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
