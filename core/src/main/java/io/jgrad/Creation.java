package io.jgrad;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Factories for tensors from values and arrays, and moves between devices. */
final class Creation {
    private Creation() {}

    static Tensor full(DType dtype, Shape shape, double value) {
        return full(dtype, shape, value, Backends.defaultBackend());
    }

    static Tensor full(DType dtype, Shape shape, double value, Backend backend) {
        return Tensor.fresh(backend.full(dtype, shape.numel(), value), shape, backend);
    }

    /** The backend that creates tensors on {@code device}: the current default when it runs there, else the best. */
    static Backend on(Device device) {
        Backend current = Backends.defaultBackend();
        return current.device().equals(device) ? current : Backends.forDevice(device);
    }

    static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        double count = Math.ceil((end - start) / step);
        if (Double.isNaN(count)) throw new IllegalArgumentException("arange: invalid range " + start + " to " + end);
        if (count > Shape.MAX_NUMEL) {
            throw new IllegalArgumentException("arange: " + start + " to " + end + " by " + step + " gives " + (long) count
                    + " elements, more than a tensor holds (" + Shape.MAX_NUMEL + ")");
        }
        int n = (int) Math.max(0, count);
        HostStorage h = HostStorage.allocate(dtype, n);
        for (int i = 0; i < n; i++) h.setDouble(i, start + i * step);
        return upload(h, Shape.of(n));
    }

    static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        HostStorage h = HostStorage.allocate(dtype, steps);
        double delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) h.setDouble(i, i == steps - 1 && steps > 1 ? end : start + i * delta);
        return upload(h, Shape.of(steps));
    }

    static Tensor eye(int rows, int cols, DType dtype) {
        Shape shape = Shape.of(rows, cols);
        HostStorage h = HostStorage.allocate(dtype, shape.numel());
        for (int i = 0; i < Math.min(rows, cols); i++) h.setDouble(i * cols + i, 1);
        return upload(h, shape);
    }

    static Tensor fromFlat(Object flat, Shape shape) { return fromFlat(flat, shape, Backends.defaultBackend()); }

    /** A flat host array (not copied) uploaded straight to {@code backend}. */
    static Tensor fromFlat(Object flat, Shape shape, Backend backend) {
        HostStorage h = HostStorage.wrap(flat);
        if (h.length() != shape.numel()) {
            throw new IllegalArgumentException("tensor: " + h.length() + " values do not fill shape " + shape
                    + " (" + shape.numel() + " elements)");
        }
        return Tensor.fresh(backend.upload(h), shape, backend);
    }

    private static Tensor upload(HostStorage h, Shape shape) {
        Backend b = Backends.defaultBackend();
        return Tensor.fresh(b.upload(h), shape, b);
    }

    /** A nested Java array of any rank, checked to be rectangular. */
    static Tensor fromArray(Object array) {
        if (array == null || !array.getClass().isArray()) {
            throw new IllegalArgumentException("tensor: expected a Java array, got " + (array == null ? "null" : array.getClass().getName()));
        }
        List<Integer> dims = new ArrayList<>();
        Class<?> type = array.getClass();
        Object probe = array;
        while (type.isArray()) {
            int len = probe == null ? 0 : Array.getLength(probe);
            dims.add(len);
            type = type.getComponentType();
            probe = len > 0 && type.isArray() ? Array.get(probe, 0) : null;
        }
        int[] shapeDims = dims.stream().mapToInt(Integer::intValue).toArray();
        Shape shape = Shape.of(shapeDims);
        HostStorage h;
        if (type == float.class) h = HostStorage.allocate(DType.F32, shape.numel());
        else if (type == double.class) h = HostStorage.allocate(DType.F64, shape.numel());
        else if (type == int.class) h = HostStorage.allocate(DType.I32, shape.numel());
        else if (type == long.class) h = HostStorage.allocate(DType.I64, shape.numel());
        else if (type == boolean.class) h = HostStorage.allocate(DType.BOOL, shape.numel());
        else throw new IllegalArgumentException("tensor: unsupported element type " + type.getName()
                    + " (expected float, double, int, long or boolean)");
        int[] next = {0};
        flatten(array, 0, shapeDims, h, next, new int[shapeDims.length]);
        return upload(h, shape);
    }

    private static void flatten(Object array, int depth, int[] dims, HostStorage out, int[] next, int[] path) {
        int len = Array.getLength(array);
        if (len != dims[depth]) {
            throw new IllegalArgumentException("tensor: ragged array: row at index " + java.util.Arrays.toString(java.util.Arrays.copyOf(path, depth))
                    + " has length " + len + ", expected " + dims[depth]);
        }
        if (depth == dims.length - 1) {
            System.arraycopy(array, 0, out.array(), next[0], len);
            next[0] += len;
            return;
        }
        for (int i = 0; i < len; i++) {
            path[depth] = i;
            Object row = Array.get(array, i);
            if (row == null) throw new IllegalArgumentException("tensor: null row in the array");
            flatten(row, depth + 1, dims, out, next, path);
        }
    }

    /**
     * A host copy of a tensor's elements in row-major order, converted to {@code dtype}. The backend's intermediate
     * copy is released at once (on a device it is device memory), so the result is a host storage of its own.
     */
    static HostStorage hostCopy(Tensor t, DType dtype) {
        Backend backend = t.backend();
        Storage copy = backend.copy(t.storage(), t.layout(), dtype);
        try {
            return HostStorage.wrap(backend.download(copy).array());
        } finally {
            copy.close();
        }
    }

    static Tensor toDevice(Tensor t, Device device) {
        if (t.device().equals(device)) return t;
        return toBackend(t, Backends.forDevice(device));
    }

    static Tensor toBackend(Tensor t, Backend target) {
        if (t.backend() == target) return t;
        Tensor moved = Tensor.fresh(target.upload(hostCopy(t, t.dtype())), t.shape(), target);
        return moved.recordedAs(new io.jgrad.autograd.Op.ToBackend(t, target));
    }
}
