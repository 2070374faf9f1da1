package io.jgrad.cpu;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Large F32 arrays the autograd engine has finished with ({@link CpuBackend#recycle}), kept for results of the same
 * length that write every element: a training step's gradients have the same sizes every step, so most of them reuse
 * last step's memory, still in the caches, instead of a new array the JVM must zero on the allocating thread. The
 * arrays handed out are not cleared.
 *
 * <p>Only lengths that results have asked for are kept, and no more arrays of a length than requests for it went
 * unanswered (up to {@link #MAX_PER_LENGTH}), so gradients that no result reuses (a convolution's, whose kernels
 * allocate their own arrays) are left to the collector at once instead of being held. Bounded besides: at most
 * {@code maxBytes} are kept, through soft references, so that the collector may still take them when the heap runs
 * short.
 *
 * <p>Only arrays the backend allocated itself ({@link #adopt}) are ever kept: an array a caller handed in (a tensor
 * wrapping the caller's own array, released by a closing scope) must never be written by a later result.
 */
final class RecycledArrays {
    /** Smaller arrays are cheap to allocate and stay in the thread-local allocation buffers. */
    static final int MIN_LENGTH = 1 << 16;
    /** The most arrays of one length kept. */
    static final int MAX_PER_LENGTH = 64;

    private final long maxBytes;
    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> byLength = new HashMap<>();
    /** Per length, the requests that found no array: how many arrays of it are worth keeping. */
    private final Map<Integer, Integer> demand = new HashMap<>();
    private long bytes;
    /** The arrays the backend allocated for its results, held weakly (identity: arrays do not override equals). */
    private final Set<float[]> adopted = Collections.newSetFromMap(new WeakHashMap<>());

    RecycledArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A kept array of exactly {@code length} elements (contents arbitrary), or null. */
    synchronized float[] take(int length) {
        if (length < MIN_LENGTH) return null;
        ArrayDeque<SoftReference<float[]>> kept = byLength.get(length);
        for (SoftReference<float[]> ref; kept != null && (ref = kept.poll()) != null; ) {
            bytes -= 4L * length; // counted until taken, whether or not the collector cleared it
            float[] a = ref.get();
            if (a != null) return a;
        }
        demand.merge(length, 1, (was, one) -> Math.min(was + one, MAX_PER_LENGTH));
        return null;
    }

    /** Records {@code a}, just allocated by the backend for a result, as one that may be kept for reuse later. */
    synchronized void adopt(float[] a) {
        if (a.length >= MIN_LENGTH) adopted.add(a);
    }

    /** Keeps {@code a} for reuse if the backend allocated it, results ask for its length, and the bounds allow. */
    synchronized void give(float[] a) {
        int length = a.length;
        if (length < MIN_LENGTH || bytes + 4L * length > maxBytes || !adopted.contains(a)) return;
        ArrayDeque<SoftReference<float[]>> kept = byLength.computeIfAbsent(length, n -> new ArrayDeque<>());
        if (kept.size() >= demand.getOrDefault(length, 0)) return;
        kept.push(new SoftReference<>(a));
        bytes += 4L * length;
    }

    synchronized long bytes() { return bytes; }
}
