package io.jgrad.cpu.gemm;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision general matrix multiply on row-major arrays,
 * {@code C = alpha * op(A) * op(B) + beta * C}, with the same argument conventions as
 * {@link Sgemm}. It is simpler than Sgemm (correctness first): a KC-deep block of op(B) is packed
 * row-major, four rows of op(A) are packed interleaved, and a 4-row kernel sweeps one vector of
 * columns at a time with a masked tail. Large calls split rows of C across the pool.
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
        if ((long) m * n * k >= Sgemm.PARALLEL_THRESHOLD && GemmParallel.THREADS > 1) {
            GemmParallel.forRange(m, ROWS, GemmParallel.THREADS, (from, to) -> {
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
                    for (int j = 0; j < nc; j += L) {
                        kernel(kc, packedA, packedB, nc, j, c, cOff + i0 * ldc + jc + j, ldc, rows, alpha);
                    }
                }
            }
        }
    }

    /** C[0..rows, 0..L) += alpha * Apanel * B[:, j..j+L), masked past column nc. */
    private static void kernel(int kc, double[] ap, double[] bp, int nc, int j,
                               double[] c, int cBase, int ldc, int rows, double alpha) {
        VectorMask<Double> mask = S.indexInRange(j, nc);
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S);
        DoubleVector c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        boolean full = mask.allTrue();
        for (int p = 0; p < kc; p++) {
            DoubleVector bv = full ? DoubleVector.fromArray(S, bp, p * nc + j)
                                   : DoubleVector.fromArray(S, bp, p * nc + j, mask);
            int ai = p * ROWS;
            c0 = DoubleVector.broadcast(S, ap[ai]).fma(bv, c0);
            c1 = DoubleVector.broadcast(S, ap[ai + 1]).fma(bv, c1);
            c2 = DoubleVector.broadcast(S, ap[ai + 2]).fma(bv, c2);
            c3 = DoubleVector.broadcast(S, ap[ai + 3]).fma(bv, c3);
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = cBase;
        c0.fma(va, DoubleVector.fromArray(S, c, i, mask)).intoArray(c, i, mask);
        if (rows > 1) { i += ldc; c1.fma(va, DoubleVector.fromArray(S, c, i, mask)).intoArray(c, i, mask); }
        if (rows > 2) { i += ldc; c2.fma(va, DoubleVector.fromArray(S, c, i, mask)).intoArray(c, i, mask); }
        if (rows > 3) { i += ldc; c3.fma(va, DoubleVector.fromArray(S, c, i, mask)).intoArray(c, i, mask); }
    }
}
