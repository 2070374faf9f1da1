package io.jgrad.cpu.gemm;

import io.jgrad.cpu.threads.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision general matrix multiply on row-major arrays,
 * {@code C = alpha * op(A) * op(B) + beta * C}, with the same argument conventions as
 * {@link Sgemm}. It is simpler than Sgemm (correctness first): a KC-deep block of op(B) is packed
 * row-major, four rows of op(A) are packed interleaved, and a 4-row kernel sweeps two vectors of
 * columns at a time with a masked tail. Large calls split rows of C over the {@link Parallel} threads.
 */
public final class Dgemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    private static final int KC = 256;
    private static final int NC = 1024;

    private Dgemm() {}

    /** {@code C = alpha * op(A) * op(B) + beta * C}; see {@link Sgemm} for the layout. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda,
                            double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        GemmArgs.checkDims(m, n, k);
        if (k > 0 && m > 0) GemmArgs.checkMatrix("A", a.length, aOff, lda, transA ? k : m, transA ? m : k);
        if (k > 0 && n > 0) GemmArgs.checkMatrix("B", b.length, bOff, ldb, transB ? n : k, transB ? k : n);
        GemmArgs.checkMatrix("C", c.length, cOff, ldc, m, n);
        if ((long) m * n * k >= Parallel.MIN_GEMM_WORK && Parallel.THREADS > 1) {
            Parallel.split(m, ROWS, Parallel.THREADS, (t, from, to) -> {
                int aSub = transA ? aOff + from : aOff + from * lda;
                serial(transA, transB, to - from, n, k, alpha, a, aSub, lda, b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            });
        } else {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** {@code C = op(A) * op(B)} for dense, unpadded operands starting at index 0. */
    public static void matmul(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
        gemm(transA, transB, m, n, k, 1.0, a, 0, transA ? m : k, b, 0, transB ? k : n, 0.0, c, 0, n);
    }

    private static void serial(boolean transA, boolean transB, int m, int n, int k,
                               double alpha, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0.0) Arrays.fill(c, row, row + n, 0.0);
            else if (beta != 1.0) for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
        if (k == 0 || alpha == 0.0) return;
        GemmWorkspace ws = GemmWorkspace.get();
        int kcMax = Math.min(KC, k);
        double[] packedB = ws.doubleB(kcMax * Math.min(NC, n));
        double[] packedA = ws.doubleA(kcMax * ROWS);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++) {
                    for (int j = 0; j < nc; j++) {
                        int pp = pc + p, jj = jc + j;
                        packedB[p * nc + j] = transB ? b[bOff + jj * ldb + pp] : b[bOff + pp * ldb + jj];
                    }
                }
                for (int i0 = 0; i0 < m; i0 += ROWS) {
                    int rows = Math.min(ROWS, m - i0);
                    for (int p = 0; p < kc; p++) {
                        for (int r = 0; r < ROWS; r++) {
                            int ii = i0 + r, pp = pc + p;
                            packedA[p * ROWS + r] = r >= rows ? 0.0
                                    : transA ? a[aOff + pp * lda + ii] : a[aOff + ii * lda + pp];
                        }
                    }
                    for (int j = 0; j < nc; j += 2 * L) {
                        kernel(kc, packedA, packedB, nc, j, c, cOff + i0 * ldc + jc + j, ldc, rows, alpha);
                    }
                }
            }
        }
    }

    /** C[0..rows, j..j+2L) += alpha * Apanel * B[:, j..j+2L), masked past column nc. */
    private static void kernel(int kc, double[] ap, double[] bp, int nc, int j,
                               double[] c, int cBase, int ldc, int rows, double alpha) {
        VectorMask<Double> m0 = S.indexInRange(j, nc);
        VectorMask<Double> m1 = S.indexInRange(j + L, nc);
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        boolean full = m1.allTrue();
        for (int p = 0; p < kc; p++) {
            int bi = p * nc + j;
            DoubleVector b0, b1;
            if (full) {
                b0 = DoubleVector.fromArray(S, bp, bi);
                b1 = DoubleVector.fromArray(S, bp, bi + L);
            } else {
                b0 = DoubleVector.fromArray(S, bp, bi, m0);
                b1 = DoubleVector.fromArray(S, bp, bi + L, m1);
            }
            int ai = p * ROWS;
            DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = cBase;
        c00.fma(va, DoubleVector.fromArray(S, c, i, m0)).intoArray(c, i, m0);
        c01.fma(va, DoubleVector.fromArray(S, c, i + L, m1)).intoArray(c, i + L, m1);
        if (rows > 1) {
            i += ldc;
            c10.fma(va, DoubleVector.fromArray(S, c, i, m0)).intoArray(c, i, m0);
            c11.fma(va, DoubleVector.fromArray(S, c, i + L, m1)).intoArray(c, i + L, m1);
        }
        if (rows > 2) {
            i += ldc;
            c20.fma(va, DoubleVector.fromArray(S, c, i, m0)).intoArray(c, i, m0);
            c21.fma(va, DoubleVector.fromArray(S, c, i + L, m1)).intoArray(c, i + L, m1);
        }
        if (rows > 3) {
            i += ldc;
            c30.fma(va, DoubleVector.fromArray(S, c, i, m0)).intoArray(c, i, m0);
            c31.fma(va, DoubleVector.fromArray(S, c, i + L, m1)).intoArray(c, i + L, m1);
        }
    }
}
