package io.jgrad.cpu;

import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.cpu.threads.Parallel;

/**
 * Strided copies between arrays of one element type: runs of stride 1 become {@code System.arraycopy}, stride-0
 * runs a fill, and a transposed view is copied in square tiles so that both the reads and the writes stay in cache.
 */
final class CopyKernels {
    /**
     * Side of a transpose tile. The strided side touches TILE cache lines which, for a power-of-two stride, all map
     * to one L1 set; 16 stays near the set's associativity (32 measured up to 2x slower at 1024x1024).
     */
    private static final int TILE = 16;

    private CopyKernels() {}

    /** Copies view {@code src} into view {@code dst} (same shape); arrays are both float[], double[], ... */
    static void copy(Object dst, Layout dstLayout, Object src, Layout srcLayout) {
        Shape shape = dstLayout.shape();
        RowPlan plan = RowPlan.of(shape, dstLayout, srcLayout);
        if (plan.rows == 0) return;
        int ds = plan.innerStride(0), ss = plan.innerStride(1);
        int outer = plan.outerRank();
        if (ds == 1 && ss != 1 && ss != 0 && outer >= 1 && plan.outerStride(1, outer - 1) == 1 && plan.outerDim(outer - 1) > 1) {
            transposeCopy(dst, src, plan);
            return;
        }
        plan.forEachSegment((offs, n) -> {
            if (ds == 1 && ss == 1) System.arraycopy(src, offs[1], dst, offs[0], n);
            else strided(dst, offs[0], ds, src, offs[1], ss, n);
        });
    }

    private static void strided(Object dst, int d, int ds, Object src, int s, int ss, int n) {
        switch (dst) {
            case float[] o -> { float[] x = (float[]) src; for (int i = 0; i < n; i++) o[d + i * ds] = x[s + i * ss]; }
            case double[] o -> { double[] x = (double[]) src; for (int i = 0; i < n; i++) o[d + i * ds] = x[s + i * ss]; }
            case int[] o -> { int[] x = (int[]) src; for (int i = 0; i < n; i++) o[d + i * ds] = x[s + i * ss]; }
            case long[] o -> { long[] x = (long[]) src; for (int i = 0; i < n; i++) o[d + i * ds] = x[s + i * ss]; }
            case boolean[] o -> { boolean[] x = (boolean[]) src; for (int i = 0; i < n; i++) o[d + i * ds] = x[s + i * ss]; }
            default -> throw new IllegalArgumentException("copy: unsupported array " + dst.getClass().getSimpleName());
        }
    }

    /**
     * The last two merged dimensions are a transposed matrix in the source (its column stride is 1): copy each
     * matrix tile by tile. Leading dimensions (a batch of matrices) are walked with the plan's cursor.
     */
    private static void transposeCopy(Object dst, Object src, RowPlan plan) {
        int outer = plan.outerRank();
        int rowsPerMatrix = plan.outerDim(outer - 1), cols = plan.inner;
        int dRow = plan.outerStride(0, outer - 1), sCol = plan.innerStride(1);
        int matrices = plan.rows / rowsPerMatrix;
        Parallel.forRange(matrices * ((rowsPerMatrix + TILE - 1) / TILE), (long) Math.min(rowsPerMatrix, TILE) * cols, (from, to) -> {
            int bands = (rowsPerMatrix + TILE - 1) / TILE;
            for (int t = from; t < to; t++) {
                int mat = t / bands, r0 = (t % bands) * TILE, r1 = Math.min(rowsPerMatrix, r0 + TILE);
                int[] base = plan.cursor(mat * rowsPerMatrix).offsets;
                for (int c0 = 0; c0 < cols; c0 += TILE) {
                    int c1 = Math.min(cols, c0 + TILE);
                    // Source element (r, c) is at base[1] + r (row stride 1) + c * sCol.
                    switch (dst) {
                        case float[] o -> tileF32(o, base[0], dRow, (float[]) src, base[1], sCol, r0, r1, c0, c1);
                        case double[] o -> tileF64(o, base[0], dRow, (double[]) src, base[1], sCol, r0, r1, c0, c1);
                        default -> {
                            for (int r = r0; r < r1; r++) strided(dst, base[0] + r * dRow + c0, 1, src, base[1] + r + c0 * sCol, sCol, c1 - c0);
                        }
                    }
                }
            }
        });
    }

    private static void tileF32(float[] o, int d, int dRow, float[] x, int s, int sCol, int r0, int r1, int c0, int c1) {
        for (int r = r0; r < r1; r++) {
            int od = d + r * dRow, os = s + r;
            for (int c = c0; c < c1; c++) o[od + c] = x[os + c * sCol];
        }
    }

    private static void tileF64(double[] o, int d, int dRow, double[] x, int s, int sCol, int r0, int r1, int c0, int c1) {
        for (int r = r0; r < r1; r++) {
            int od = d + r * dRow, os = s + r;
            for (int c = c0; c < c1; c++) o[od + c] = x[os + c * sCol];
        }
    }

    /** Widening and narrowing conversions of contiguous runs (the JIT vectorizes these loops itself). */
    static void convertF32ToF64(float[] x, int xo, double[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = x[xo + i];
    }

    static void convertF64ToF32(double[] x, int xo, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = (float) x[xo + i];
    }
}
