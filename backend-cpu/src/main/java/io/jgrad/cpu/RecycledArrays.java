package io.jgrad.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Large F32 arrays the autograd engine has finished with ({@link CpuBackend#recycle}), kept for results of the same
 * length that write every element: a training step's gradients have the same sizes every step, so most of them reuse
 * last step's memory, still in the caches, instead of a new array the JVM must zero on the allocating thread. The
 * arrays handed out are not cleared. Bounded: at most {@link #maxBytes} are kept, the rest left to the collector.
 */
final class RecycledArrays {
    /** Smaller arrays are cheap to allocate and stay in the thread-local allocation buffers. */
    static final int MIN_LENGTH = 1 << 16;

    private final long maxBytes;
    private final Map<Integer, ArrayDeque<float[]>> byLength = new HashMap<>();
    private long bytes;

    RecycledArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A kept array of exactly {@code length} elements (contents arbitrary), or null. */
    synchronized float[] take(int length) {
        if (length < MIN_LENGTH) return null;
        ArrayDeque<float[]> kept = byLength.get(length);
        float[] a = kept == null ? null : kept.poll();
        if (a != null) bytes -= 4L * length;
        return a;
    }

    /** Keeps {@code a} for reuse if it is large enough and the bound allows. */
    synchronized void give(float[] a) {
        if (a.length < MIN_LENGTH || bytes + 4L * a.length > maxBytes) return;
        byLength.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
        bytes += 4L * a.length;
    }

    synchronized long bytes() { return bytes; }
}
