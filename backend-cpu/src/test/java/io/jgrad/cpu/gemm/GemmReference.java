package io.jgrad.cpu.gemm;

/** The naive triple loop the GEMMs are tested against, accumulated in double. */
final class GemmReference {
    private GemmReference() {}

    /** Returns alpha * op(A) * op(B) + beta * C for an m x n C, and fills {@code bound} with error bounds. */
    static double[] gemm(boolean transA, boolean transB, int m, int n, int k,
                         double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc, double[] absSum) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += x * y;
                    abs += Math.abs(x * y);
                }
                double old = beta == 0 ? 0 : c[cOff + i * ldc + j];
                out[i * n + j] = alpha * sum + beta * old;
                absSum[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * old);
            }
        }
        return out;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
