package io.jgrad.cpu;

import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.cpu.threads.Parallel;

/**
 * Several views of one shape walked together as rows: size-1 dimensions are dropped and adjacent dimensions merged
 * wherever every view's strides allow, so a contiguous tensor is one row, {@code [N, C] + [C]} is N rows of C, and
 * only the last (inner) dimension is left to a kernel. Each view keeps its own inner stride (1, 0 for a broadcast,
 * or anything for a transposed view).
 */
final class RowPlan {
    final int rows;
    final int inner;
    private final int[] innerStrides;
    private final int[] outerDims;
    private final int[][] outerStrides;
    private final int[] base;

    private RowPlan(int rows, int inner, int[] innerStrides, int[] outerDims, int[][] outerStrides, int[] base) {
        this.rows = rows;
        this.inner = inner;
        this.innerStrides = innerStrides;
        this.outerDims = outerDims;
        this.outerStrides = outerStrides;
        this.base = base;
    }

    static RowPlan of(Shape shape, Layout... layouts) {
        int rank = shape.rank(), k = layouts.length;
        int[] base = new int[k];
        int[][] strides = new int[k][];
        for (int j = 0; j < k; j++) {
            base[j] = layouts[j].offset();
            strides[j] = layouts[j].strides();
        }
        if (shape.numel() == 0) return new RowPlan(0, 0, new int[k], new int[0], new int[k][0], base);
        int[] dims = new int[rank];
        int[][] st = new int[k][rank];
        int m = 0;
        for (int i = 0; i < rank; i++) {
            int d = shape.dim(i);
            if (d == 1) continue;
            boolean merge = m > 0;
            for (int j = 0; j < k && merge; j++) merge = st[j][m - 1] == (long) strides[j][i] * d;
            if (merge) {
                dims[m - 1] *= d;
                for (int j = 0; j < k; j++) st[j][m - 1] = strides[j][i];
            } else {
                dims[m] = d;
                for (int j = 0; j < k; j++) st[j][m] = strides[j][i];
                m++;
            }
        }
        int[] innerStrides = new int[k];
        if (m == 0) return new RowPlan(1, 1, innerStrides, new int[0], new int[k][0], base);
        int rows = 1;
        for (int i = 0; i < m - 1; i++) rows *= dims[i];
        int[][] outer = new int[k][];
        for (int j = 0; j < k; j++) {
            innerStrides[j] = st[j][m - 1];
            outer[j] = java.util.Arrays.copyOf(st[j], m - 1);
        }
        return new RowPlan(rows, dims[m - 1], innerStrides, java.util.Arrays.copyOf(dims, m - 1), outer, base);
    }

    int innerStride(int view) { return innerStrides[view]; }

    /** Number of merged outer dimensions (0 when everything is one row). */
    int outerRank() { return outerDims.length; }

    int outerDim(int i) { return outerDims[i]; }

    int outerStride(int view, int i) { return outerStrides[view][i]; }

    /** A cursor at the start of row {@code row}. */
    Cursor cursor(int row) { return new Cursor(row); }

    /** Walks rows in order, tracking each view's storage offset of the row's first element. */
    final class Cursor {
        final int[] offsets;
        private final int[] counter = new int[outerDims.length];

        private Cursor(int row) {
            offsets = base.clone();
            for (int d = outerDims.length - 1; d >= 0; d--) {
                counter[d] = row % outerDims[d];
                row /= outerDims[d];
                for (int j = 0; j < offsets.length; j++) offsets[j] += counter[d] * outerStrides[j][d];
            }
        }

        void next() {
            for (int d = outerDims.length - 1; d >= 0; d--) {
                counter[d]++;
                for (int j = 0; j < offsets.length; j++) offsets[j] += outerStrides[j][d];
                if (counter[d] < outerDims[d]) return;
                for (int j = 0; j < offsets.length; j++) offsets[j] -= outerStrides[j][d] * outerDims[d];
                counter[d] = 0;
            }
        }
    }

    /** One stretch of a row: the storage offsets of its first element in each view, and its length. */
    @FunctionalInterface
    interface Segment {
        void run(int[] offsets, int length);
    }

    /**
     * Calls {@code body} for every row, in parallel when large: by rows when there are enough of them, otherwise by
     * splitting each row into stretches.
     */
    void forEachSegment(Segment body) {
        if (rows == 0 || inner == 0) return;
        long work = (long) rows * inner;
        if (rows >= Parallel.THREADS || Parallel.chunksFor(work, Integer.MAX_VALUE) <= 1) {
            Parallel.forRange(rows, inner, (from, to) -> {
                Cursor c = cursor(from);
                for (int r = from; r < to; r++, c.next()) body.run(c.offsets, inner);
            });
            return;
        }
        Cursor c = cursor(0);
        for (int r = 0; r < rows; r++, c.next()) {
            int[] start = c.offsets.clone();
            Parallel.forRange(inner, 1, (from, to) -> {
                int[] offs = new int[start.length];
                for (int j = 0; j < offs.length; j++) offs[j] = start[j] + from * innerStrides[j];
                body.run(offs, to - from);
            });
        }
    }
}
