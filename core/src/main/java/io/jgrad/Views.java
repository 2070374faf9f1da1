package io.jgrad;

import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;

import java.util.Arrays;

/** Ops that return views sharing storage (and the copies reshape falls back to). */
final class Views {
    private Views() {}

    static Tensor reshape(Tensor x, int[] dims, boolean viewOnly) {
        String op = viewOnly ? "view" : "reshape";
        Shape target = Shape.inferred(x.numel(), dims, op);
        if (target.equals(x.shape())) return x;
        Layout layout = x.layout().reshapeView(target);
        if (layout == null) {
            if (viewOnly) {
                throw new IllegalArgumentException("view: shape " + x.shape() + " with strides " + Arrays.toString(x.layout().strides())
                        + " cannot be viewed as " + target + " without copying; use reshape");
            }
            return reshape(x.contiguousCopy(), dims, true);
        }
        return x.view(layout).recordedAs(new Op.Reshape(x, target, op));
    }

    static Tensor flatten(Tensor x, int start, int end) {
        if (x.rank() == 0) return x.reshape(1);
        int s = x.shape().axis(start), e = x.shape().axis(end);
        if (s > e) throw new IllegalArgumentException("flatten: start dimension " + start + " is after end dimension " + end);
        int[] dims = new int[x.rank() - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) dims[j++] = x.dim(i);
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= x.dim(i);
        dims[j++] = merged;
        for (int i = e + 1; i < x.rank(); i++) dims[j++] = x.dim(i);
        return x.reshape(dims);
    }

    static Tensor squeeze(Tensor x, Integer axis) {
        int rank = x.rank();
        boolean[] drop = new boolean[rank];
        if (axis == null) {
            for (int i = 0; i < rank; i++) drop[i] = x.dim(i) == 1;
        } else {
            if (rank == 0) return x;
            int a = x.shape().axis(axis);
            drop[a] = x.dim(a) == 1;
        }
        int kept = 0;
        for (boolean d : drop) if (!d) kept++;
        if (kept == rank) return x;
        int[] dims = new int[kept], strides = new int[kept];
        int[] st = x.layout().strides();
        for (int i = 0, j = 0; i < rank; i++) {
            if (drop[i]) continue;
            dims[j] = x.dim(i);
            strides[j++] = st[i];
        }
        return viewWithShape(x, "squeeze", dims, strides);
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        int rank = x.rank();
        int a = axis < 0 ? axis + rank + 1 : axis;
        if (a < 0 || a > rank) {
            throw new IllegalArgumentException("unsqueeze: dimension " + axis + " is out of range for a tensor of rank " + rank
                    + " (expected -" + (rank + 1) + " to " + rank + ")");
        }
        int[] dims = new int[rank + 1], strides = new int[rank + 1];
        int[] st = x.layout().strides();
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == a) {
                dims[i] = 1;
                strides[i] = a < rank ? st[a] * x.dim(a) : 1;
            } else {
                dims[i] = x.dim(j);
                strides[i] = st[j++];
            }
        }
        return viewWithShape(x, "unsqueeze", dims, strides);
    }

    private static Tensor viewWithShape(Tensor x, String op, int[] dims, int[] strides) {
        Shape shape = Shape.of(dims);
        Layout layout = x.layout().withShapeAndStrides(shape, strides);
        return x.view(layout).recordedAs(new Op.Reshape(x, shape, op));
    }

    static Tensor permute(Tensor x, int[] axes, String op) {
        Layout layout = x.layout().permute(axes);
        int[] normalized = new int[axes.length];
        for (int i = 0; i < axes.length; i++) normalized[i] = x.shape().axis(axes[i]);
        return x.view(layout).recordedAs(new Op.Permute(x, normalized, op));
    }

    static Tensor transpose(Tensor x, int a, int b) {
        int rank = x.rank();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) axes[i] = i;
        int p = x.shape().axis(a), q = x.shape().axis(b);
        axes[p] = q;
        axes[q] = p;
        return permute(x, axes, "transpose");
    }

    /** Python-style slice: negative indices count from the end, out-of-range bounds are clamped. */
    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int a = x.shape().axis(axis);
        int size = x.dim(a);
        int s = clampIndex(start, size), e = clampIndex(end, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        return strided(x, a, s, length, step, "slice");
    }

    private static int clampIndex(int i, int size) {
        int v = i < 0 ? i + size : i;
        return Math.max(0, Math.min(v, size));
    }

    static Tensor narrow(Tensor x, int axis, int start, int length) {
        int a = x.shape().axis(axis);
        int s = start < 0 ? start + x.dim(a) : start;
        if (s < 0 || length < 0 || s + (long) length > x.dim(a)) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length + " exceed dimension "
                    + axis + " of size " + x.dim(a) + " (shape " + x.shape() + ")");
        }
        return strided(x, a, s, length, 1, "narrow");
    }

    private static Tensor strided(Tensor x, int axis, int start, int length, int step, String op) {
        if (start == 0 && step == 1 && length == x.dim(axis)) return x;
        Layout layout = x.layout().narrow(axis, start, length, step);
        return x.view(layout).recordedAs(new Op.Slice(x, axis, start, length, step, op));
    }

    /**
     * A slice's gradient: zeros of {@code inputShape} with {@code g} written where a slice (start and step along
     * {@code axis}) came from. A recorded op, whose own gradient is that slice.
     */
    static Tensor sliceBackward(Tensor g, Shape inputShape, int axis, int start, int step) {
        Backend backend = g.backend();
        Tensor full = Creation.full(g.dtype(), inputShape, 0, backend);
        if (g.numel() > 0) {
            Layout target = full.layout().narrow(axis, start, g.dim(axis), step);
            backend.assign(full.storage(), target, g.storage(), g.layout());
        }
        return full.recordedAs(new Op.SliceBackward(g, inputShape, axis, start, step));
    }

    static Tensor select(Tensor x, int axis, int index) {
        int a = x.shape().axis(axis);
        int i = index < 0 ? index + x.dim(a) : index;
        if (i < 0 || i >= x.dim(a)) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for dimension " + axis
                    + " of size " + x.dim(a) + " (shape " + x.shape() + ")");
        }
        return narrow(x, a, i, 1).squeeze(a);
    }

    static Tensor expand(Tensor x, int[] dims) {
        int rank = dims.length;
        if (rank < x.rank()) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(dims) + " has fewer dimensions than shape " + x.shape());
        }
        int[] target = dims.clone();
        for (int i = 0; i < rank; i++) {
            int src = i - (rank - x.rank());
            if (target[i] == -1) {
                if (src < 0) throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension (" + Arrays.toString(dims) + ")");
                target[i] = x.dim(src);
            }
        }
        Shape shape = Shape.of(target);
        if (shape.equals(x.shape())) return x;
        Layout layout = x.layout().broadcastTo(shape, "expand");
        return x.view(layout).recordedAs(new Op.Expand(x, shape));
    }

    static Tensor copy(Tensor x) {
        Tensor out = Tensor.fresh(x.backend().copy(x.storage(), x.layout(), x.dtype()), x.shape(), x.backend());
        return out.recordedAs(new Op.Copy(x));
    }
}
