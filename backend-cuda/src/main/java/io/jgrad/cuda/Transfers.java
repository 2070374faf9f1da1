package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.backend.HostStorage;
import org.bytedeco.cuda.global.cudart;

/**
 * Device memory in and out: zero-filled and constant-filled storages, uploads and downloads through the pinned
 * staging buffers, and strided copies that convert between dtypes with the reference backend's (Java's) cast rules
 * ({@code kernels/copy.cu}). Also the kernel-side naming every family shares: a dtype's suffix.
 */
final class Transfers {
    private final CudaDevice device;

    Transfers(CudaDevice device) { this.device = device; }

    /** The suffix of a dtype in kernel names ({@code copy_strided_f32}, ...): BOOL is stored as {@code u8}. */
    static String suffix(DType dtype) {
        return switch (dtype) {
            case F32 -> "f32";
            case F64 -> "f64";
            case I32 -> "i32";
            case I64 -> "i64";
            case BOOL -> "u8";
        };
    }

    /** A new, uninitialised storage (for results a kernel writes in full). */
    CudaStorage empty(DType dtype, int length) { return CudaStorage.allocate(device, dtype, length); }

    CudaStorage zeros(DType dtype, int length) {
        CudaStorage out = empty(dtype, length);
        if (length > 0) {
            device.context().makeCurrent();
            CudaChecks.checkRuntime(cudart.cudaMemsetAsync(DevicePointers.at(out.address()), 0,
                    (long) length * CudaStorage.elementBytes(dtype), device.context().stream()), "cudaMemsetAsync");
        }
        return out;
    }

    /** {@code value} converted as the reference's {@code HostStorage.setDouble} does, in every element. */
    CudaStorage full(DType dtype, int length, double value) {
        CudaStorage out = empty(dtype, length);
        KernelArgs args = device.args().ptr(out.address()).i64(length);
        switch (dtype) {
            case F32 -> args.f32((float) value);
            case F64 -> args.f64(value);
            case I32 -> args.i32((int) value);
            case I64 -> args.i64((long) value);
            case BOOL -> args.u8(value != 0 ? 1 : 0);
        }
        device.kernel("copy.cu", "fill_" + suffix(dtype)).launchLinear(length, args);
        return out;
    }

    CudaStorage upload(HostStorage host) {
        int n = host.length();
        CudaStorage out = empty(host.dtype(), n);
        long at = out.address();
        PinnedStagingCopier copier = device.copier();
        switch (host.dtype()) {
            case F32 -> copier.upload(host.floats(), 0, n, at);
            case F64 -> copier.upload(host.doubles(), 0, n, at);
            case I32 -> copier.upload(host.ints(), 0, n, at);
            case I64 -> copier.upload(host.longs(), 0, n, at);
            case BOOL -> {
                boolean[] bools = host.bools();
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) bytes[i] = (byte) (bools[i] ? 1 : 0);
                copier.upload(bytes, 0, n, at);
            }
        }
        return out;
    }

    /** The storage's elements on the host, once every kernel issued before has finished. */
    HostStorage download(CudaStorage s) {
        int n = s.length();
        long at = s.address();
        PinnedStagingCopier copier = device.copier();
        HostStorage out = HostStorage.allocate(s.dtype(), n);
        switch (s.dtype()) {
            case F32 -> copier.download(at, out.floats(), 0, n);
            case F64 -> copier.download(at, out.doubles(), 0, n);
            case I32 -> copier.download(at, out.ints(), 0, n);
            case I64 -> copier.download(at, out.longs(), 0, n);
            case BOOL -> {
                byte[] bytes = new byte[n];
                copier.download(at, bytes, 0, n);
                boolean[] bools = out.bools();
                for (int i = 0; i < n; i++) bools[i] = bytes[i] != 0;
            }
        }
        return out;
    }

    /** A contiguous copy of the view, converted to {@code dtype}. */
    CudaStorage copy(CudaStorage src, Layout srcLayout, DType dtype) {
        CudaStorage out = empty(dtype, srcLayout.numel());
        assign(out, Layout.contiguous(srcLayout.shape()), src, srcLayout);
        return out;
    }

    /** Writes the view {@code src} into the view {@code dst} (same shape), converting dtype. */
    void assign(CudaStorage dst, Layout dstLayout, CudaStorage src, Layout srcLayout) {
        Views v = Views.of(dstLayout, srcLayout);
        long n = v.numel();
        if (n == 0) return;
        if (src.dtype() == dst.dtype() && v.contiguous(0) && v.contiguous(1)) {
            int bytes = CudaStorage.elementBytes(src.dtype());
            device.copier().copyOnDevice(src.address() + v.offsets()[1] * bytes, dst.address() + v.offsets()[0] * bytes, n * bytes);
            return;
        }
        String kernel = src.dtype() == dst.dtype()
                ? "copy_strided_" + suffix(src.dtype())
                : "convert_" + suffix(src.dtype()) + "_" + suffix(dst.dtype());
        KernelArgs args = device.args().ptr(src.address());
        v.addTo(args, 1).ptr(dst.address());
        v.addTo(args, 0).i64(n);
        device.kernel("copy.cu", kernel).launchLinear(n, args);
    }

    /** The view's elements in row-major order in one run of memory: itself when contiguous, else a copy. */
    Contiguous contiguous(CudaStorage s, Layout layout) {
        if (layout.isContiguous()) return new Contiguous(s, layout.offset(), false);
        return new Contiguous(copy(s, layout, s.dtype()), 0, true);
    }

    /**
     * A storage whose elements from {@code offset} on are a view's in row-major order; {@code owned} when it is a
     * temporary copy the caller must close.
     */
    record Contiguous(CudaStorage storage, long offset, boolean owned) implements AutoCloseable {
        /** The device address of the view's first element. */
        long address() { return storage.address() + offset * CudaStorage.elementBytes(storage.dtype()); }

        @Override
        public void close() { if (owned) storage.close(); }
    }
}
