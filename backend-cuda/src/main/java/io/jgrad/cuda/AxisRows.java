package io.jgrad.cuda;

import io.jgrad.Layout;
import io.jgrad.Shape;

import java.util.Arrays;

/**
 * A view seen as rows along one axis, the way the row kernels of reduce.cu and index.cu walk it: row {@code r} (in
 * row-major order of the other axes) starts at position {@code r} of {@link #starts} and steps {@link #step} elements
 * per position along the axis.
 *
 * @param starts each row's first element: the view without the axis, the view's offset included
 * @param count  the number of rows
 * @param length the axis's size
 * @param step   the axis's stride
 * @param inner  the product of the sizes after the axis: the axis's stride in a contiguous result
 */
record AxisRows(Views starts, int count, int length, int step, int inner) {
    static AxisRows along(Layout layout, int axis) {
        boolean[] flags = new boolean[layout.rank()];
        flags[axis] = true;
        Layout others = axes(layout, flags, false, layout.offset());
        int[] dims = layout.shape().dims();
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) inner *= dims[d];
        return new AxisRows(Views.of(others), others.numel(), dims[axis], layout.strides()[axis], inner);
    }

    /** The view's axes whose flag is {@code flagged}, in order, with their strides, starting at {@code offset}. */
    static Layout axes(Layout layout, boolean[] flags, boolean flagged, int offset) {
        int[] dims = layout.shape().dims(), strides = layout.strides();
        int n = 0;
        for (int d = 0; d < dims.length; d++) {
            if (flags[d] != flagged) continue;
            dims[n] = dims[d];
            strides[n] = strides[d];
            n++;
        }
        return new Layout(Shape.of(Arrays.copyOf(dims, n)), Arrays.copyOf(strides, n), offset);
    }
}
