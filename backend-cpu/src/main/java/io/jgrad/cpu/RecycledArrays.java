package io.jgrad.cpu;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Large F32 arrays the autograd engine has finished with ({@link CpuBackend#recycle}), kept for results of the same
 * length that write every element: a training step's gradients have the same sizes every step, so most of them reuse
 * last step's memory, still in the caches, instead of a new array the JVM must zero on the allocating thread. The
 * arrays handed out are not cleared. Bounded: at most {@link #maxBytes} are kept, the rest left to the collector; and
 * kept through soft references, so that the collector may still take them when the heap runs short.
 */
final class RecycledArrays {
    /** Smaller arrays are cheap to allocate and stay in the thread-local allocation buffers. */
    static final int MIN_LENGTH = 1 << 16;

    private final long maxBytes;
    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> byLength = new HashMap<>();
    private long bytes;

    RecycledArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A kept array of exactly {@code length} elements (contents arbitrary), or null. */
    synchronized float[] take(int length) {
        if (length < MIN_LENGTH) return null;
        ArrayDeque<SoftReference<float[]>> kept = byLength.get(length);
        if (kept == null) return null;
        for (SoftReference<float[]> ref; (ref = kept.poll()) != null; ) {
            bytes -= 4L * length; // counted until taken, whether or not the collector cleared it
            float[] a = ref.get();
            if (a != null) return a;
        }
        return null;
    }

    /** Keeps {@code a} for reuse if it is large enough and the bound allows. */
    synchronized void give(float[] a) {
        if (a.length < MIN_LENGTH || bytes + 4L * a.length > maxBytes) return;
        byLength.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(new SoftReference<>(a));
        bytes += 4L * a.length;
    }

    synchronized long bytes() { return bytes; }
}
