package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.IndexRangeException;

/**
 * indexSelect, gather and scatterAdd ({@code kernels/index.cu}). Every index value is checked on the device; an
 * out-of-range one raises {@link io.jgrad.backend.IndexRangeException} with the reference's message before anything is
 * written.
 *
 * <p>The check is a kernel of its own ({@code check_index_i64}): it records the smallest row-major position of the
 * index view whose value lies outside [0, size) with an atomic minimum, and the host reads that one record (a small
 * synchronous copy, so each index op waits for the work queued before it); on a bad position it reads the value there
 * and throws. Only a clean index reaches the op's kernel.
 *
 * <p>Index values are read as I64: the ops receive I64 indices (the Tensor ops convert I32 ones), and an index of
 * another dtype is first converted with Java's cast rules, which is how the reference reads it ({@code getLong}).
 *
 * <p>What differs from the reference: scatterAdd adds with atomics, so where several index values name one element of
 * {@code dst} their additions happen in an unspecified order rather than in the index's row-major order; F32 and F64
 * sums may differ from the reference's by rounding (each addition is rounded as the reference's is), while integer
 * sums (which wrap around) and BOOL ones (a logical or) are exact. A {@code src} of another dtype than {@code dst} is
 * converted to dst's dtype first (the reference adds it as a double or a long).
 */
final class IndexOps {
    private final CudaDevice device;
    private final Transfers transfers;

    IndexOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage indexSelect(CudaStorage x, Layout xLayout, int axis, CudaStorage index, Layout indexLayout) {
        requireOpen(x, index);
        try (Operand idx = Operand.as(transfers, index, indexLayout, DType.I64)) {
            checkRange("indexSelect", idx, axis, xLayout.shape().dim(axis));
            int[] dims = xLayout.shape().dims();
            int count = indexLayout.numel();
            dims[axis] = count;
            int n = Shape.of(dims).numel();
            AxisRows rows = AxisRows.along(xLayout, axis);
            Views positions = Views.of(idx.layout());
            CudaStorage out = transfers.empty(x.dtype(), n);
            KernelArgs args = device.args().ptr(x.address());
            rows.starts().addTo(args, 0).i64(rows.step()).ptr(idx.storage().address());
            positions.addTo(args, 0).i32(n).i32(count).i32(rows.inner()).ptr(out.address());
            device.kernel("index.cu", "index_select_" + Transfers.suffix(x.dtype())).launchLinear(n, args);
            return out;
        }
    }

    CudaStorage gather(CudaStorage x, Layout xLayout, int axis, CudaStorage index, Layout indexLayout) {
        requireOpen(x, index);
        try (Operand idx = Operand.as(transfers, index, indexLayout, DType.I64)) {
            checkRange("gather", idx, axis, xLayout.shape().dim(axis));
            int n = indexLayout.numel();
            Views v = Views.of(idx.layout(), overIndex(xLayout, axis, indexLayout.shape()));
            CudaStorage out = transfers.empty(x.dtype(), n);
            KernelArgs args = device.args().ptr(x.address());
            v.addTo(args, 1).i64(xLayout.strides()[axis]).ptr(idx.storage().address());
            v.addTo(args, 0).i32(n).ptr(out.address());
            device.kernel("index.cu", "gather_" + Transfers.suffix(x.dtype())).launchLinear(n, args);
            return out;
        }
    }

    void scatterAdd(CudaStorage dst, Layout dstLayout, int axis, CudaStorage index, Layout indexLayout, CudaStorage src,
                    Layout srcLayout) {
        requireOpen(dst, index, src);
        try (Operand idx = Operand.as(transfers, index, indexLayout, DType.I64);
             Operand values = Operand.as(transfers, src, srcLayout, dst.dtype())) {
            checkRange("scatterAdd", idx, axis, dstLayout.shape().dim(axis));
            int n = indexLayout.numel();
            if (n == 0) return;
            Views v = Views.of(idx.layout(), values.layout(), overIndex(dstLayout, axis, indexLayout.shape()));
            KernelArgs args = device.args().ptr(dst.address());
            v.addTo(args, 2).i64(dstLayout.strides()[axis]).ptr(idx.storage().address());
            v.addTo(args, 0).ptr(values.storage().address());
            v.addTo(args, 1).i32(n);
            device.kernel("index.cu", "scatter_add_" + Transfers.suffix(dst.dtype())).launchLinear(n, args);
        }
    }

    /**
     * Throws {@link IndexRangeException} for the first value (in the index view's row-major order) outside
     * [0, size), as the reference's check does; returns at once for an empty index.
     */
    private void checkRange(String op, Operand index, int axis, int size) {
        Layout layout = index.layout();
        int n = layout.numel();
        if (n == 0) return;
        long[] found = new long[1];
        // ~0 (-1 as a long) until the kernel records a position.
        try (CudaStorage firstBad = transfers.full(DType.I64, 1, -1)) {
            KernelArgs args = device.args().ptr(index.storage().address());
            Views.of(layout).addTo(args, 0).i32(n).i64(size).ptr(firstBad.address());
            device.kernel("index.cu", "check_index_i64").launchLinear(n, args);
            device.copier().download(firstBad.address(), found, 0, 1);
        }
        long position = found[0];
        if (position == -1) return;
        long[] value = new long[1];
        device.copier().download(index.storage().address() + Long.BYTES * offsetOf(layout, position), value, 0, 1);
        throw new IndexRangeException(op, value[0], position, axis, size);
    }

    /** Fails (as the reference does) on a closed storage before anything is allocated, converted or checked. */
    private static void requireOpen(CudaStorage... storages) {
        for (CudaStorage s : storages) s.address();
    }

    /** The storage offset of the element at row-major {@code position} of a view. */
    static long offsetOf(Layout layout, long position) {
        int[] dims = layout.shape().dims(), strides = layout.strides();
        long at = layout.offset();
        for (int d = dims.length - 1; d >= 0; d--) {
            at += position % dims[d] * strides[d];
            position /= dims[d];
        }
        return at;
    }

    /** A view of the index's shape over {@code layout}'s storage: its strides, with 0 along the indexed axis. */
    static Layout overIndex(Layout layout, int axis, Shape indexShape) {
        int[] strides = layout.strides();
        strides[axis] = 0;
        return new Layout(indexShape, strides, layout.offset());
    }

    /**
     * A view's storage in a required dtype: the view itself, or a contiguous converted copy ({@code owned}, closed by
     * {@link #close()}).
     */
    private record Operand(CudaStorage storage, Layout layout, boolean owned) implements AutoCloseable {
        static Operand as(Transfers transfers, CudaStorage s, Layout layout, DType dtype) {
            if (s.dtype() == dtype) return new Operand(s, layout, false);
            return new Operand(transfers.copy(s, layout, dtype), Layout.contiguous(layout.shape()), true);
        }

        @Override
        public void close() { if (owned) storage.close(); }
    }
}
