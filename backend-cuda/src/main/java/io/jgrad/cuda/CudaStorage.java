package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.backend.Storage;

import java.lang.ref.Cleaner;

/**
 * A tensor's elements in device memory: a block of the device's {@link CachingAllocator}. BOOL is stored one byte per
 * element. {@link #close()} returns the block to the allocator at once; a storage that becomes unreachable without
 * being closed is returned by a {@link Cleaner} (a safety net only: the garbage collector knows nothing of device
 * memory, so scopes and the trainer close storages explicitly). Returning a block while kernels that use it are still
 * queued is safe: all of a device's work runs on one stream, so whatever reuses the block runs after them.
 */
final class CudaStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaDevice device;
    private final DType dtype;
    private final int length;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** Frees the block once, from {@link #close()} or the cleaner; holds no reference to the storage. */
    private static final class Release implements Runnable {
        private final CachingAllocator allocator;
        private DeviceBlock block;

        Release(CachingAllocator allocator, DeviceBlock block) {
            this.allocator = allocator;
            this.block = block;
        }

        @Override
        public synchronized void run() {
            if (block == null) return;
            allocator.free(block);
            block = null;
        }

        synchronized DeviceBlock block() { return block; }
    }

    private CudaStorage(CudaDevice device, DType dtype, int length, DeviceBlock block) {
        this.device = device;
        this.dtype = dtype;
        this.length = length;
        this.release = new Release(device.allocator(), block);
        this.cleanable = CLEANER.register(this, release);
    }

    /** Uninitialised device memory for {@code length} elements of {@code dtype} (at least one byte is reserved). */
    static CudaStorage allocate(CudaDevice device, DType dtype, int length) {
        if (length < 0) throw new IllegalArgumentException("storage length must be >= 0, got " + length);
        long bytes = Math.max(1L, (long) length * elementBytes(dtype));
        return new CudaStorage(device, dtype, length, device.allocator().allocate(bytes));
    }

    /** Bytes per element on the device (BOOL is one byte). */
    static int elementBytes(DType dtype) { return dtype == DType.BOOL ? 1 : dtype.byteSize(); }

    /** This storage as a CUDA storage of {@code device}, or a clear error for another backend's storage. */
    static CudaStorage of(Storage s, CudaDevice device) {
        if (s instanceof CudaStorage c && c.device == device) return c;
        throw new IllegalArgumentException("storage on " + s.device() + " (" + s.getClass().getSimpleName()
                + ") is not memory of cuda:" + device.context().ordinal() + "; move the tensor there first");
    }

    CudaDevice cudaDevice() { return device; }

    /** The device address of element 0; throws once the storage has been closed. */
    long address() {
        DeviceBlock block = release.block();
        if (block == null) {
            throw new IllegalStateException(dtype + " storage of " + length + " elements was closed (on " + device()
                    + ") and cannot be used any more");
        }
        return block.address();
    }

    boolean isClosed() { return release.block() == null; }

    @Override public DType dtype() { return dtype; }

    @Override public Device device() { return Device.cuda(device.context().ordinal()); }

    @Override public int length() { return length; }

    @Override
    public void close() { cleanable.clean(); }

    @Override
    public String toString() { return "CudaStorage(" + dtype + " x " + length + " on " + device() + (isClosed() ? ", closed)" : ")"); }
}
