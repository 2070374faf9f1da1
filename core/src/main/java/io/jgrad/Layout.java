package io.jgrad;

import java.util.Arrays;

/**
 * How a tensor's elements sit in its storage: shape, strides (in elements) and offset. Views change only the layout.
 * A stride of 0 repeats an element (broadcast/expand).
 */
public final class Layout {
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    public Layout(Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("layout: " + strides.length + " strides for shape " + shape);
        }
        if (offset < 0) throw new IllegalArgumentException("layout: negative offset " + offset);
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    public static Layout contiguous(Shape shape) {
        return new Layout(shape, shape.contiguousStrides(), 0);
    }

    public Shape shape() { return shape; }

    public int[] strides() { return strides.clone(); }

    public int stride(int axis) { return strides[shape.axis(axis)]; }

    public int offset() { return offset; }

    public int rank() { return shape.rank(); }

    public int numel() { return shape.numel(); }

    /** True when elements are in row-major order with no gaps (size-1 dimensions may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = strides.length - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d != 1 && strides[i] != expected) return false;
            expected *= d;
        }
        return true;
    }

    /** Number of storage elements the layout may touch, from offset 0: what a storage must hold. */
    public long requiredStorageLength() {
        if (shape.numel() == 0) return offset;
        long last = offset;
        for (int i = 0; i < strides.length; i++) last += (long) (shape.dim(i) - 1) * strides[i];
        return last + 1;
    }

    /** Storage index of the element at a multi-index. */
    public int indexOf(int... index) {
        int at = offset;
        for (int i = 0; i < index.length; i++) at += index[i] * strides[i];
        return at;
    }

    public Layout permute(int... axes) {
        int rank = shape.rank();
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes " + Arrays.toString(axes) + " for a tensor of rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        int[] dims = new int[rank];
        int[] st = new int[rank];
        for (int i = 0; i < rank; i++) {
            int a = shape.axis(axes[i]);
            if (seen[a]) throw new IllegalArgumentException("permute: axis " + axes[i] + " repeated in " + Arrays.toString(axes));
            seen[a] = true;
            dims[i] = shape.dim(a);
            st[i] = strides[a];
        }
        return new Layout(Shape.of(dims), st, offset);
    }

    public Layout transpose(int a, int b) {
        int rank = shape.rank();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) axes[i] = i;
        int x = shape.axis(a), y = shape.axis(b);
        axes[x] = y;
        axes[y] = x;
        return permute(axes);
    }

    /** Elements {@code start, start+step, ...} (length of them) along one axis. */
    public Layout narrow(int axis, int start, int length, int step) {
        int a = shape.axis(axis);
        int size = shape.dim(a);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        if (start < 0 || length < 0 || (length > 0 && start + (long) (length - 1) * step >= size)) {
            throw new IllegalArgumentException("slice: start " + start + ", length " + length + ", step " + step
                    + " out of range for dimension " + axis + " of size " + size + " (shape " + shape + ")");
        }
        int[] dims = shape.dims();
        dims[a] = length;
        int[] st = strides.clone();
        st[a] = strides[a] * step;
        return new Layout(Shape.of(dims), st, length == 0 ? offset : offset + start * strides[a]);
    }

    /** Broadcasts to {@code target} (NumPy rules): new leading axes and size-1 axes get stride 0. */
    public Layout broadcastTo(Shape target, String op) {
        if (target.equals(shape)) return this;
        int rank = target.rank();
        int lead = rank - shape.rank();
        if (lead < 0) {
            throw new IllegalArgumentException(op + ": cannot broadcast shape " + shape + " to " + target + " (target has fewer dimensions)");
        }
        int[] st = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (i < lead) continue;
            int d = shape.dim(i - lead);
            if (d == target.dim(i)) {
                st[i] = strides[i - lead];
            } else if (d != 1) {
                throw new IllegalArgumentException(op + ": cannot broadcast shape " + shape + " to " + target
                        + " (dimension " + i + ": " + d + " vs " + target.dim(i) + ")");
            }
        }
        return new Layout(target, st, offset);
    }

    /** A view with a new shape when the strides allow it (contiguous, or only splitting/merging compatible axes), else null. */
    public Layout reshapeView(Shape target) {
        if (isContiguous() || shape.numel() == 0) return new Layout(target, target.contiguousStrides(), offset);
        // General case (as in NumPy's attempt_nocopy_reshape): group old axes that are contiguous among themselves.
        // Size-1 axes carry no layout information, so they are dropped first.
        int kept = 0;
        for (int d : shape.dims()) if (d != 1) kept++;
        int[] od = new int[kept], os = new int[kept];
        for (int i = 0, j = 0; i < shape.rank(); i++) {
            if (shape.dim(i) != 1) { od[j] = shape.dim(i); os[j++] = strides[i]; }
        }
        int[] nd = target.dims();
        int[] ns = new int[nd.length];
        int oi = 0, ni = 0;
        while (oi < od.length && ni < nd.length) {
            long np = nd[ni], op = od[oi];
            int oj = oi + 1, nj = ni + 1;
            while (np != op) {
                if (np < op) np *= nd[nj++];
                else op *= od[oj++];
            }
            for (int k = oi; k < oj - 1; k++) {
                if (os[k] != os[k + 1] * od[k + 1]) return null;
            }
            ns[nj - 1] = os[oj - 1];
            for (int k = nj - 1; k > ni; k--) ns[k - 1] = ns[k] * nd[k];
            ni = nj;
            oi = oj;
        }
        for (; ni < nd.length; ni++) ns[ni] = 1;
        return new Layout(target, ns, offset);
    }

    public Layout withShapeAndStrides(Shape newShape, int[] newStrides) {
        return new Layout(newShape, newStrides, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && l.offset == offset && l.shape.equals(shape) && Arrays.equals(l.strides, strides);
    }

    @Override
    public int hashCode() { return shape.hashCode() * 31 + Arrays.hashCode(strides) + offset; }

    @Override
    public String toString() {
        return "Layout{shape=" + shape + ", strides=" + Arrays.toString(strides) + ", offset=" + offset + "}";
    }
}
