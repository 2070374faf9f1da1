package io.jgrad.cpu;

import io.jgrad.Layout;
import io.jgrad.cpu.gemm.Dgemm;
import io.jgrad.cpu.gemm.Sgemm;
import io.jgrad.cpu.threads.Parallel;

/**
 * Batched matrix products through the packed GEMMs. Each operand's strides say whether a matrix is stored
 * row-major or is a transposed view of row-major storage; the GEMM is told with its transpose flags, so
 * {@code a.matmul(b.t())} packs straight from b's storage instead of copying it first.
 */
final class Matmul {
    private Matmul() {}

    /** How one operand's matrices are stored: transposed or not, leading dimension, and whether usable as is. */
    record Operand(boolean usable, boolean transposed, int ld) {
        /** Classifies a [batch, rows, cols] view. */
        static Operand of(Layout layout) {
            int rows = layout.shape().dim(1), cols = layout.shape().dim(2);
            int rs = layout.strides()[1], cs = layout.strides()[2];
            if ((cs == 1 || cols == 1) && (rows == 1 || rs >= Math.max(1, cols))) {
                return new Operand(true, false, rows == 1 ? Math.max(1, cols) : rs);
            }
            if ((rs == 1 || rows == 1) && (cols == 1 || cs >= Math.max(1, rows))) {
                return new Operand(true, true, cols == 1 ? Math.max(1, rows) : cs);
            }
            return new Operand(false, false, 0);
        }
    }

    /** out[p] = a[p] x b[p]; layouts are [B, M, K] and [B, K, N] (batch stride may be 0), out is [B, M, N] contiguous. */
    static void f32(float[] a, Layout al, Operand ao, float[] b, Layout bl, Operand bo, float[] out) {
        int batch = al.shape().dim(0), m = al.shape().dim(1), k = al.shape().dim(2), n = bl.shape().dim(2);
        int[] aOffs = new int[batch], bOffs = new int[batch], cOffs = new int[batch];
        for (int p = 0; p < batch; p++) {
            aOffs[p] = al.offset() + p * al.strides()[0];
            bOffs[p] = bl.offset() + p * bl.strides()[0];
            cOffs[p] = p * m * n;
        }
        Sgemm.gemmBatched(ao.transposed(), bo.transposed(), m, n, k, 1f, a, aOffs, ao.ld(), b, bOffs, bo.ld(), 0f, out, cOffs, n);
    }

    static void f64(double[] a, Layout al, Operand ao, double[] b, Layout bl, Operand bo, double[] out) {
        int batch = al.shape().dim(0), m = al.shape().dim(1), k = al.shape().dim(2), n = bl.shape().dim(2);
        int as = al.strides()[0], bs = bl.strides()[0];
        long work = (long) m * n * k;
        Parallel.Range body = (from, to) -> {
            for (int p = from; p < to; p++) {
                Dgemm.gemm(ao.transposed(), bo.transposed(), m, n, k, 1.0, a, al.offset() + p * as, ao.ld(),
                        b, bl.offset() + p * bs, bo.ld(), 0.0, out, p * m * n, n);
            }
        };
        // A large product is split inside the GEMM; many small ones are spread over the threads by batch entry.
        if (work >= Parallel.MIN_GEMM_WORK) body.run(0, batch);
        else Parallel.forRange(batch, work, body);
    }
}
