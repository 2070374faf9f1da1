package io.jgrad.backend;

import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * Walks the elements of one shape in row-major order and tracks each layout's storage offset, so loops over
 * several strided views (transposed, sliced, broadcast) need no index arithmetic of their own.
 */
public final class StridedCursor {
    private final int[] dims;
    private final int[][] strides;
    private final int[] offsets;
    private final int[] counter;

    public StridedCursor(Shape shape, Layout... layouts) {
        this.dims = shape.dims();
        this.strides = new int[layouts.length][];
        this.offsets = new int[layouts.length];
        for (int k = 0; k < layouts.length; k++) {
            if (!layouts[k].shape().equals(shape)) {
                throw new IllegalArgumentException("cursor: layout shape " + layouts[k].shape() + " differs from " + shape);
            }
            strides[k] = layouts[k].strides();
            offsets[k] = layouts[k].offset();
        }
        this.counter = new int[dims.length];
    }

    /** Storage offset of the current element in layout {@code k}. */
    public int offset(int k) { return offsets[k]; }

    /** Moves to the next element in row-major order. */
    public void next() {
        for (int d = dims.length - 1; d >= 0; d--) {
            counter[d]++;
            for (int k = 0; k < offsets.length; k++) offsets[k] += strides[k][d];
            if (counter[d] < dims[d]) return;
            for (int k = 0; k < offsets.length; k++) offsets[k] -= strides[k][d] * dims[d];
            counter[d] = 0;
        }
    }
}
