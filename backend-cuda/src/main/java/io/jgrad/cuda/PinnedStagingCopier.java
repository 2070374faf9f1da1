package io.jgrad.cuda;

import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

import java.util.Objects;

/**
 * Host to device and device to host copies of Java arrays through a ring of pinned ({@code cudaMallocHost}) staging
 * buffers, reused for the device's life. A large copy goes in chunks of the buffer size over consecutive buffers, so
 * the JVM copies one chunk while the DMA engine moves another. All transfers run on the device's stream.
 *
 * <p>Each chunk takes the ring's next buffer and waits only when that buffer's previous transfer is still queued. An
 * upload sits in the stream behind all the work issued before it, so one buffer reused by every upload would make each
 * upload (a data loader's next batch, then its labels) wait for the GPU to drain, with the device's lock held; with
 * {@value #SLOTS} buffers an upload waits only for the transfer {@value #SLOTS} chunks back.
 *
 * <p>{@code upload} returns once the array has been read (the device copy completes in stream order);
 * {@code download} returns once the array holds the data, after all work issued before it on the stream.
 */
final class PinnedStagingCopier implements AutoCloseable {
    /** Staging buffer size: large enough to keep a PCIe or NVLink transfer at full speed, small enough to pin twice. */
    static final int DEFAULT_CHUNK_BYTES = 8 << 20;
    /** Staging buffers in the ring. */
    static final int SLOTS = 8;

    /** Copies one chunk between an array and the staging buffer {@code slot}, at element {@code offset}. */
    @FunctionalInterface
    private interface ChunkCopy {
        void copy(int slot, int offset, int count);
    }

    private final CudaContext context;
    private final int chunkBytes;
    private final Pointer[] buffers = new Pointer[SLOTS];
    private final BytePointer[] bytes = new BytePointer[SLOTS];
    private final IntPointer[] ints = new IntPointer[SLOTS];
    private final LongPointer[] longs = new LongPointer[SLOTS];
    private final FloatPointer[] floats = new FloatPointer[SLOTS];
    private final DoublePointer[] doubles = new DoublePointer[SLOTS];
    private final CUevent_st[] events = new CUevent_st[SLOTS];
    private final boolean[] inFlight = new boolean[SLOTS];
    /** The buffer the next chunk takes. */
    private int nextSlot;

    /** @param chunkBytes the size of each staging buffer, a positive multiple of 8 */
    PinnedStagingCopier(CudaContext context, int chunkBytes) {
        if (chunkBytes <= 0 || chunkBytes % Long.BYTES != 0) {
            throw new IllegalArgumentException("staging chunk must be a positive multiple of 8 bytes: " + chunkBytes);
        }
        this.context = context;
        this.chunkBytes = chunkBytes;
        context.makeCurrent();
        for (int slot = 0; slot < SLOTS; slot++) {
            buffers[slot] = new Pointer();
            CudaChecks.checkRuntime(cudart.cudaMallocHost(buffers[slot], chunkBytes), "cudaMallocHost(" + chunkBytes + ")");
            bytes[slot] = new BytePointer(buffers[slot]);
            ints[slot] = new IntPointer(buffers[slot]);
            longs[slot] = new LongPointer(buffers[slot]);
            floats[slot] = new FloatPointer(buffers[slot]);
            doubles[slot] = new DoublePointer(buffers[slot]);
            events[slot] = new CUevent_st();
            CudaChecks.checkRuntime(cudart.cudaEventCreateWithFlags(events[slot], cudart.cudaEventDisableTiming),
                    "cudaEventCreateWithFlags");
        }
    }

    synchronized void upload(float[] src, int from, int count, long dst) {
        Objects.checkFromIndexSize(from, count, src.length);
        upload(count, Float.BYTES, dst, (slot, offset, n) -> floats[slot].put(src, from + offset, n));
    }

    synchronized void upload(double[] src, int from, int count, long dst) {
        Objects.checkFromIndexSize(from, count, src.length);
        upload(count, Double.BYTES, dst, (slot, offset, n) -> doubles[slot].put(src, from + offset, n));
    }

    synchronized void upload(int[] src, int from, int count, long dst) {
        Objects.checkFromIndexSize(from, count, src.length);
        upload(count, Integer.BYTES, dst, (slot, offset, n) -> ints[slot].put(src, from + offset, n));
    }

    synchronized void upload(long[] src, int from, int count, long dst) {
        Objects.checkFromIndexSize(from, count, src.length);
        upload(count, Long.BYTES, dst, (slot, offset, n) -> longs[slot].put(src, from + offset, n));
    }

    synchronized void upload(byte[] src, int from, int count, long dst) {
        Objects.checkFromIndexSize(from, count, src.length);
        upload(count, Byte.BYTES, dst, (slot, offset, n) -> bytes[slot].put(src, from + offset, n));
    }

    synchronized void download(long src, float[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        download(count, Float.BYTES, src, (slot, offset, n) -> floats[slot].get(dst, from + offset, n));
    }

    synchronized void download(long src, double[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        download(count, Double.BYTES, src, (slot, offset, n) -> doubles[slot].get(dst, from + offset, n));
    }

    synchronized void download(long src, int[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        download(count, Integer.BYTES, src, (slot, offset, n) -> ints[slot].get(dst, from + offset, n));
    }

    synchronized void download(long src, long[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        download(count, Long.BYTES, src, (slot, offset, n) -> longs[slot].get(dst, from + offset, n));
    }

    synchronized void download(long src, byte[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        download(count, Byte.BYTES, src, (slot, offset, n) -> bytes[slot].get(dst, from + offset, n));
    }

    /** Device to device, on the stream (no staging). */
    void copyOnDevice(long src, long dst, long byteCount) {
        if (byteCount == 0) return;
        context.makeCurrent();
        CudaChecks.checkRuntime(cudart.cudaMemcpyAsync(DevicePointers.at(dst), DevicePointers.at(src), byteCount,
                cudart.cudaMemcpyDeviceToDevice, context.stream()), "cudaMemcpyAsync(device to device)");
    }

    private void upload(int count, int elementSize, long dst, ChunkCopy fill) {
        if (count == 0) return;
        context.makeCurrent();
        int chunk = chunkBytes / elementSize;
        for (long done = 0; done < count; done += chunk) {
            int n = (int) Math.min(chunk, count - done);
            int slot = takeSlot();
            fill.copy(slot, (int) done, n);
            CudaChecks.checkRuntime(cudart.cudaMemcpyAsync(DevicePointers.at(dst + done * elementSize), buffers[slot],
                    (long) n * elementSize, cudart.cudaMemcpyHostToDevice, context.stream()), "cudaMemcpyAsync(host to device)");
            recordSlot(slot);
        }
    }

    private void download(int count, int elementSize, long src, ChunkCopy drain) {
        if (count == 0) return;
        context.makeCurrent();
        int chunk = chunkBytes / elementSize;
        int slot = issueDownload(0, Math.min(chunk, count), elementSize, src);
        for (long done = 0; done < count; done += chunk) {
            long next = done + chunk;
            int nextChunkSlot = -1;
            if (next < count) nextChunkSlot = issueDownload(next, (int) Math.min(chunk, count - next), elementSize, src);
            awaitSlot(slot);
            drain.copy(slot, (int) done, (int) Math.min(chunk, count - done));
            slot = nextChunkSlot;
        }
    }

    /** Queues the copy of {@code n} elements from element {@code offset} into the ring's next buffer; returns it. */
    private int issueDownload(long offset, int n, int elementSize, long src) {
        int slot = takeSlot();
        CudaChecks.checkRuntime(cudart.cudaMemcpyAsync(buffers[slot], DevicePointers.at(src + offset * elementSize),
                (long) n * elementSize, cudart.cudaMemcpyDeviceToHost, context.stream()), "cudaMemcpyAsync(device to host)");
        recordSlot(slot);
        return slot;
    }

    /** The ring's next buffer, once its previous transfer has finished. */
    private int takeSlot() {
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % SLOTS;
        awaitSlot(slot);
        return slot;
    }

    /** Waits until the last transfer through buffer {@code slot} has finished, so the buffer may be reused. */
    private void awaitSlot(int slot) {
        if (!inFlight[slot]) return;
        CudaChecks.checkRuntime(cudart.cudaEventSynchronize(events[slot]), "cudaEventSynchronize");
        inFlight[slot] = false;
    }

    private void recordSlot(int slot) {
        CudaChecks.checkRuntime(cudart.cudaEventRecord(events[slot], context.stream()), "cudaEventRecord");
        inFlight[slot] = true;
    }

    /** Waits for pending transfers, then frees the pinned buffers and events. */
    @Override
    public synchronized void close() {
        context.makeCurrent();
        for (int slot = 0; slot < SLOTS; slot++) {
            if (buffers[slot] == null) continue;
            awaitSlot(slot);
            CudaChecks.checkRuntime(cudart.cudaEventDestroy(events[slot]), "cudaEventDestroy");
            CudaChecks.checkRuntime(cudart.cudaFreeHost(buffers[slot]), "cudaFreeHost");
            buffers[slot] = null;
        }
    }
}
