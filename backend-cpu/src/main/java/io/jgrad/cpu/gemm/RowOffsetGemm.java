package io.jgrad.cpu.gemm;

import static io.jgrad.cpu.gemm.SgemmKernel.L;
import static io.jgrad.cpu.gemm.SgemmKernel.MR;
import static io.jgrad.cpu.gemm.SgemmKernel.NR;
import static io.jgrad.cpu.gemm.SgemmKernel.S;

import jdk.incubator.vector.FloatVector;

/**
 * {@code C = A * B} where B is read in place, not packed: row p of B is the n floats of {@code b} starting at
 * {@code bRows[p]}. Rows may overlap, which is what makes this useful: the rows of a stride-1 convolution's im2col
 * matrix are the (zero-padded) input planes shifted by one tap each, so a convolution is this product with B's rows
 * pointing into the padded input, and the im2col matrix is never built (an "implicit GEMM").
 *
 * <p>A is packed once ({@link #packA}) and shared read-only by every thread. The product covers whole tiles: C has
 * {@link #paddedRows} rows and {@link #paddedCols} columns (row stride), and every row of B must be readable for
 * {@code paddedCols(n)} floats, so callers leave slack after their last row. The whole depth k is one block: B's
 * rows for one column panel (2 cache lines each) and A's panel stay in L1/L2 for the sizes convolutions have.
 * Needs the 12-row AVX-512 tile ({@link #SUPPORTED}); other machines use the packed {@link Sgemm}.
 */
public final class RowOffsetGemm {
    /** True where the micro-kernel's tile is 12 rows of two 16-lane vectors. */
    public static final boolean SUPPORTED = MR == 12;
    /** Columns per packed panel of {@link #multiplyAdd}'s B: panel q holds columns [q*NR, q*NR + NR). */
    public static final int PANEL_WIDTH = NR;

    private RowOffsetGemm() {}

    /** Rows the C of this class needs room for, for an m-row A: m rounded up to whole 12-row tiles. */
    public static int paddedRows(int m) { return Sgemm.roundUp(m, MR); }

    /** Columns (and row stride) of the C this class writes for n columns of B: n rounded up to whole tiles. */
    public static int paddedCols(int n) { return Sgemm.roundUp(n, NR); }

    /** Packs a [m, k] row-major A (row stride lda) into {@code dst}, which needs {@code paddedRows(m) * k} floats. */
    public static void packA(float[] a, int aOff, int lda, int m, int k, float[] dst) {
        SgemmPacking.packA(false, a, aOff, lda, 0, 0, m, k, dst);
    }

    /**
     * c [paddedRows(m), paddedCols(n)] (row stride paddedCols(n)) = packedA [m, k] x B [k, n], row p of B being
     * {@code b[bRows[p] .. bRows[p] + paddedCols(n))}. Rows of c from m rounded up to a multiple of 4 are not written.
     */
    public static void multiply(float[] packedA, int m, int k, float[] b, int[] bRows, int n, float[] c) {
        if (!SUPPORTED) throw new UnsupportedOperationException("RowOffsetGemm needs 16-lane vectors (AVX-512)");
        int rows = paddedRows(m), cols = paddedCols(n);
        if (packedA.length < rows * k || bRows.length < k || c.length < rows * cols) {
            throw new IllegalArgumentException("RowOffsetGemm: arrays too short for m=" + m + ", n=" + n + ", k=" + k);
        }
        for (int p = 0; p < k; p++) {
            if (bRows[p] < 0 || bRows[p] + cols > b.length) {
                throw new IllegalArgumentException("RowOffsetGemm: row " + p + " of B at " + bRows[p] + " + " + cols
                        + " columns overruns b (" + b.length + " floats)");
            }
        }
        for (int j = 0; j < cols; j += NR) {
            int i = 0;
            for (; i + MR <= m; i += MR) tile(k, packedA, i * k, b, bRows, j, c, i * cols + j, cols);
            // The last rows in 4-row tiles: 64 or 32 rows (output channels) would otherwise compute 72 or 36.
            for (int r = i; r < m; r += 4) tile4(k, packedA, i * k + r - i, b, bRows, j, c, r * cols + j, cols);
        }
    }

    /** One 12 x 32 tile of C at cBase, stored (not accumulated). Same register plan as {@link SgemmKernel#tile12x2}. */
    private static void tile(int k, float[] ap, int aBase, float[] b, int[] bRows, int col, float[] c, int cBase, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S), c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S), c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S), c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S), c11_1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int ai = aBase + p * 12;
            int bi = bRows[p] + col;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a.fma(b0, c0_0); c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a.fma(b0, c1_0); c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a.fma(b0, c2_0); c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a.fma(b0, c3_0); c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = a.fma(b0, c4_0); c4_1 = a.fma(b1, c4_1);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = a.fma(b0, c5_0); c5_1 = a.fma(b1, c5_1);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = a.fma(b0, c6_0); c6_1 = a.fma(b1, c6_1);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = a.fma(b0, c7_0); c7_1 = a.fma(b1, c7_1);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = a.fma(b0, c8_0); c8_1 = a.fma(b1, c8_1);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = a.fma(b0, c9_0); c9_1 = a.fma(b1, c9_1);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = a.fma(b0, c10_0); c10_1 = a.fma(b1, c10_1);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = a.fma(b0, c11_0); c11_1 = a.fma(b1, c11_1);
        }
        int i = cBase;
        c0_0.intoArray(c, i); c0_1.intoArray(c, i + L); i += ldc;
        c1_0.intoArray(c, i); c1_1.intoArray(c, i + L); i += ldc;
        c2_0.intoArray(c, i); c2_1.intoArray(c, i + L); i += ldc;
        c3_0.intoArray(c, i); c3_1.intoArray(c, i + L); i += ldc;
        c4_0.intoArray(c, i); c4_1.intoArray(c, i + L); i += ldc;
        c5_0.intoArray(c, i); c5_1.intoArray(c, i + L); i += ldc;
        c6_0.intoArray(c, i); c6_1.intoArray(c, i + L); i += ldc;
        c7_0.intoArray(c, i); c7_1.intoArray(c, i + L); i += ldc;
        c8_0.intoArray(c, i); c8_1.intoArray(c, i + L); i += ldc;
        c9_0.intoArray(c, i); c9_1.intoArray(c, i + L); i += ldc;
        c10_0.intoArray(c, i); c10_1.intoArray(c, i + L); i += ldc;
        c11_0.intoArray(c, i); c11_1.intoArray(c, i + L);
    }

    /** Four rows of {@link #tile}: rows [r, r + 4) of A's 12-row panel, the panel's row r at {@code ap[aBase + p * 12]}. */
    private static void tile4(int k, float[] ap, int aBase, float[] b, int[] bRows, int col, float[] c, int cBase, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int ai = aBase + p * 12;
            int bi = bRows[p] + col;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);
            c0_0 = a.fma(b0, c0_0); c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = a.fma(b0, c1_0); c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = a.fma(b0, c2_0); c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = a.fma(b0, c3_0); c3_1 = a.fma(b1, c3_1);
        }
        int i = cBase;
        c0_0.intoArray(c, i); c0_1.intoArray(c, i + L); i += ldc;
        c1_0.intoArray(c, i); c1_1.intoArray(c, i + L); i += ldc;
        c2_0.intoArray(c, i); c2_1.intoArray(c, i + L); i += ldc;
        c3_0.intoArray(c, i); c3_1.intoArray(c, i + L);
    }

    /**
     * Packs B [k, n], given transposed ({@code B[p][j] = bt[btOff + j * ldbt + p]}), into {@link #multiplyAdd}'s
     * column panels starting at {@code dst[dstOff]}: {@code paddedCols(n) * k} floats, zero past column n.
     */
    public static void packTransposedB(float[] bt, int btOff, int ldbt, int k, int n, float[] dst, int dstOff) {
        if (k < 0 || n < 0 || dstOff < 0 || dstOff + paddedCols(n) * k > dst.length) {
            throw new IllegalArgumentException("RowOffsetGemm: dst of " + dst.length + " floats too short for panels of k="
                    + k + ", n=" + n + " at " + dstOff);
        }
        SgemmPacking.packB(true, bt, btOff, ldbt, 0, 0, k, n, dst, dstOff);
    }

    /**
     * c [paddedRows(m), paddedCols(n)] (row stride paddedCols(n)) += A [m, k] x B [k, n], row i of A being
     * {@code a[aRows[i] .. aRows[i] + k)}, and B packed in column panels: column j of row p at
     * {@code (j / PANEL_WIDTH) * PANEL_WIDTH * k + p * PANEL_WIDTH + j % PANEL_WIDTH}. {@code aRows} needs
     * {@code paddedRows(m)} entries; rows past m may repeat any valid row (their rows of c are then garbage).
     * This is the weight gradient's form: A's rows are the shifted input planes, B the output gradient transposed.
     */
    public static void multiplyAdd(float[] a, int[] aRows, int m, int k, float[] packedB, int n, float[] c) {
        if (!SUPPORTED) throw new UnsupportedOperationException("RowOffsetGemm needs 16-lane vectors (AVX-512)");
        int rows = paddedRows(m), cols = paddedCols(n);
        if (aRows.length < rows || packedB.length < cols * k || c.length < rows * cols) {
            throw new IllegalArgumentException("RowOffsetGemm: arrays too short for m=" + m + ", n=" + n + ", k=" + k);
        }
        for (int i = 0; i < rows; i++) {
            if (aRows[i] < 0 || aRows[i] + k > a.length) {
                throw new IllegalArgumentException("RowOffsetGemm: row " + i + " of A at " + aRows[i] + " + " + k
                        + " overruns a (" + a.length + " floats)");
            }
        }
        for (int j = 0; j < cols; j += NR) {
            for (int i = 0; i < rows; i += MR) tileAdd(k, a, aRows, i, packedB, j * k, c, i * cols + j, cols);
        }
    }

    /** C[12 x 32 at cBase] += rows aRows[i0..i0+12) of A times the packed B panel at bBase. */
    private static void tileAdd(int k, float[] a, int[] aRows, int i0, float[] bp, int bBase, float[] c, int cBase, int ldc) {
        int r0 = aRows[i0], r1 = aRows[i0 + 1], r2 = aRows[i0 + 2], r3 = aRows[i0 + 3], r4 = aRows[i0 + 4], r5 = aRows[i0 + 5];
        int r6 = aRows[i0 + 6], r7 = aRows[i0 + 7], r8 = aRows[i0 + 8], r9 = aRows[i0 + 9], r10 = aRows[i0 + 10], r11 = aRows[i0 + 11];
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S), c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S), c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S), c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S), c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S), c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S), c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S), c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S), c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S), c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S), c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S), c11_1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector v;
            v = FloatVector.broadcast(S, a[r0 + p]);
            c0_0 = v.fma(b0, c0_0); c0_1 = v.fma(b1, c0_1);
            v = FloatVector.broadcast(S, a[r1 + p]);
            c1_0 = v.fma(b0, c1_0); c1_1 = v.fma(b1, c1_1);
            v = FloatVector.broadcast(S, a[r2 + p]);
            c2_0 = v.fma(b0, c2_0); c2_1 = v.fma(b1, c2_1);
            v = FloatVector.broadcast(S, a[r3 + p]);
            c3_0 = v.fma(b0, c3_0); c3_1 = v.fma(b1, c3_1);
            v = FloatVector.broadcast(S, a[r4 + p]);
            c4_0 = v.fma(b0, c4_0); c4_1 = v.fma(b1, c4_1);
            v = FloatVector.broadcast(S, a[r5 + p]);
            c5_0 = v.fma(b0, c5_0); c5_1 = v.fma(b1, c5_1);
            v = FloatVector.broadcast(S, a[r6 + p]);
            c6_0 = v.fma(b0, c6_0); c6_1 = v.fma(b1, c6_1);
            v = FloatVector.broadcast(S, a[r7 + p]);
            c7_0 = v.fma(b0, c7_0); c7_1 = v.fma(b1, c7_1);
            v = FloatVector.broadcast(S, a[r8 + p]);
            c8_0 = v.fma(b0, c8_0); c8_1 = v.fma(b1, c8_1);
            v = FloatVector.broadcast(S, a[r9 + p]);
            c9_0 = v.fma(b0, c9_0); c9_1 = v.fma(b1, c9_1);
            v = FloatVector.broadcast(S, a[r10 + p]);
            c10_0 = v.fma(b0, c10_0); c10_1 = v.fma(b1, c10_1);
            v = FloatVector.broadcast(S, a[r11 + p]);
            c11_0 = v.fma(b0, c11_0); c11_1 = v.fma(b1, c11_1);
        }
        int i = cBase;
        c0_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c0_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c1_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c1_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c2_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c2_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c3_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c3_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c4_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c4_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c5_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c5_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c6_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c6_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c7_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c7_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c8_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c8_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c9_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c9_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c10_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c10_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L); i += ldc;
        c11_0.add(FloatVector.fromArray(S, c, i)).intoArray(c, i); c11_1.add(FloatVector.fromArray(S, c, i + L)).intoArray(c, i + L);
    }
}
