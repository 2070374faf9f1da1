package io.jgrad.cuda;

import io.jgrad.Layout;
import io.jgrad.Shape;

import java.util.Arrays;

/**
 * Strided views for kernels: several layouts of one shape, simplified together (size-1 axes dropped, neighbouring
 * axes merged where every layout steps through them as one) so that the kernels' per-element index arithmetic is as
 * short as it can be and any rank jgrad allows fits a {@code JgLayout} ({@link KernelArgs#MAX_RANK}).
 *
 * @param shape   the common (simplified) shape
 * @param strides one stride array per layout, in elements
 * @param offsets one starting element per layout
 */
record Views(int[] shape, int[][] strides, long[] offsets) {
    /** The layouts (all of {@code layouts[0]}'s shape) simplified together. */
    static Views of(Layout... layouts) {
        Shape shape = layouts[0].shape();
        for (Layout l : layouts) {
            if (!l.shape().equals(shape)) {
                throw new IllegalArgumentException("views of different shapes: " + shape + " and " + l.shape());
            }
        }
        int rank = shape.rank(), n = layouts.length;
        int[] dims = new int[rank];
        int[][] strides = new int[n][rank];
        int kept = 0;
        for (int d = 0; d < rank; d++) {
            if (shape.dim(d) == 1) continue;
            dims[kept] = shape.dim(d);
            for (int k = 0; k < n; k++) strides[k][kept] = layouts[k].stride(d);
            kept++;
        }
        // Merge axis d into d-1 where, for every view, stepping d-1 once equals stepping d through its whole size.
        int merged = 0;
        for (int d = 0; d < kept; d++) {
            boolean joins = merged > 0;
            for (int k = 0; k < n && joins; k++) joins = strides[k][merged - 1] == strides[k][d] * dims[d];
            if (joins) {
                dims[merged - 1] *= dims[d];
                for (int k = 0; k < n; k++) strides[k][merged - 1] = strides[k][d];
            } else {
                dims[merged] = dims[d];
                for (int k = 0; k < n; k++) strides[k][merged] = strides[k][d];
                merged++;
            }
        }
        if (merged > KernelArgs.MAX_RANK) {
            throw new IllegalArgumentException("a view of shape " + shape + " needs " + merged + " strided axes; the CUDA kernels"
                    + " take at most " + KernelArgs.MAX_RANK + " (make the tensor contiguous first)");
        }
        long[] offsets = new long[n];
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            offsets[k] = layouts[k].offset();
            out[k] = Arrays.copyOf(strides[k], merged);
        }
        return new Views(Arrays.copyOf(dims, merged), out, offsets);
    }

    /** Number of elements. */
    long numel() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Whether view {@code k} visits its elements contiguously in row-major order (offset included: it starts there). */
    boolean contiguous(int k) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (strides[k][d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /** Appends view {@code k} as a {@code JgLayout} argument. */
    KernelArgs addTo(KernelArgs args, int k) { return args.layout(offsets[k], shape, strides[k]); }
}
