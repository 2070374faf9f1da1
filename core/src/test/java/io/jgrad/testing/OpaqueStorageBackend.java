package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;

/**
 * A stand-in for a device backend: the reference backend's primitives behind storage that is not host memory (so
 * any code that casts a storage to {@link HostStorage} instead of downloading it fails), with every fused op left to
 * the SPI's default implementation. The backend test kit runs on it to show that the kit and the SPI defaults work for
 * a backend whose memory the host cannot read, and that no default reads data back to the host: a download made from
 * inside a default method fails.
 */
public final class OpaqueStorageBackend implements Backend {
    /** The one instance, so that tensors moved to it compare equal by backend. */
    public static final OpaqueStorageBackend INSTANCE = new OpaqueStorageBackend();

    private final ReferenceBackend reference = new ReferenceBackend();

    private OpaqueStorageBackend() {}

    /** Host memory behind an interface that hides it. */
    private record Opaque(HostStorage host) implements Storage {
        @Override public DType dtype() { return host.dtype(); }

        @Override public Device device() { return Device.CPU; }

        @Override public int length() { return host.length(); }

        @Override public void close() { host.close(); }
    }

    private static HostStorage in(Storage s) {
        if (s instanceof Opaque o) return o.host;
        throw new IllegalArgumentException("opaque-storage: given another backend's " + s.getClass().getSimpleName());
    }

    private static Storage out(Storage s) { return new Opaque(HostStorage.of(s)); }

    /** Whether {@code storage}, one of this backend's, was closed (for tests of what is released). */
    public static boolean isClosed(Storage storage) { return in(storage).isClosed(); }

    @Override public String name() { return "opaque-storage"; }

    @Override public Device device() { return Device.CPU; }

    @Override public Storage allocate(DType dtype, int length) { return out(reference.allocate(dtype, length)); }

    /** A copy, as a device upload is: later writes to {@code host} do not reach the device. */
    @Override public Storage upload(HostStorage host) { return new Opaque(copyOf(host)); }

    /** A copy, as a device download is: writes to it do not reach the device. */
    @Override
    public HostStorage download(Storage storage) {
        if (calledFromAnSpiDefault()) {
            throw new AssertionError("opaque-storage: an SPI default method downloaded " + storage.length()
                    + " elements (a device backend would round-trip through the host)");
        }
        return copyOf(in(storage));
    }

    /** Whether a default method of {@link Backend} (whose frames belong to the interface) is on the call stack. */
    private static boolean calledFromAnSpiDefault() {
        String spi = Backend.class.getName();
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().equals(spi)));
    }

    private static HostStorage copyOf(HostStorage h) {
        HostStorage c = HostStorage.allocate(h.dtype(), h.length());
        System.arraycopy(h.array(), 0, c.array(), 0, h.length());
        return c;
    }

    @Override
    public Storage full(DType dtype, int length, double value) { return out(reference.full(dtype, length, value)); }

    @Override
    public Storage copy(Storage src, Layout srcLayout, DType dtype) {
        return out(reference.copy(in(src), srcLayout, dtype));
    }

    @Override
    public void assign(Storage dst, Layout dstLayout, Storage src, Layout srcLayout) {
        reference.assign(in(dst), dstLayout, in(src), srcLayout);
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout xLayout, double a, double b) {
        return out(reference.unary(op, in(x), xLayout, a, b));
    }

    @Override
    public Storage binary(BinaryOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        return out(reference.binary(op, in(x), xLayout, in(y), yLayout));
    }

    @Override
    public Storage compare(CompareOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        return out(reference.compare(op, in(x), xLayout, in(y), yLayout));
    }

    @Override
    public Storage where(Storage cond, Layout condLayout, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        return out(reference.where(in(cond), condLayout, in(x), xLayout, in(y), yLayout));
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout xLayout, boolean[] axes) {
        return out(reference.reduce(op, in(x), xLayout, axes));
    }

    @Override
    public Storage argReduce(boolean max, Storage x, Layout xLayout, int axis) {
        return out(reference.argReduce(max, in(x), xLayout, axis));
    }

    @Override
    public Storage matmul(Storage a, Layout aLayout, Storage b, Layout bLayout) {
        return out(reference.matmul(in(a), aLayout, in(b), bLayout));
    }

    @Override
    public Storage indexSelect(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        return out(reference.indexSelect(in(x), xLayout, axis, in(index), indexLayout));
    }

    @Override
    public Storage gather(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        return out(reference.gather(in(x), xLayout, axis, in(index), indexLayout));
    }

    @Override
    public void scatterAdd(Storage dst, Layout dstLayout, int axis, Storage index, Layout indexLayout,
                           Storage src, Layout srcLayout) {
        reference.scatterAdd(in(dst), dstLayout, axis, in(index), indexLayout, in(src), srcLayout);
    }

    @Override
    public Storage random(RandomDistribution distribution, DType dtype, int length, long seed, long offset) {
        return out(reference.random(distribution, dtype, length, seed, offset));
    }
}
