package io.jgrad.cuda;

/**
 * The caching allocator's size classes. A request is rounded up to a multiple of 512 bytes below 1 MiB and to a
 * multiple of 2 MiB from 1 MiB up, so the waste is under 512 bytes for small blocks and under 2 MiB for large ones,
 * and the tensors of a training step (the same sizes every step) find their blocks again in the cache. 512 bytes
 * also keeps every block aligned for any vector load a kernel makes.
 */
final class SizeClasses {
    static final long SMALL_GRANULE = 512;
    static final long LARGE_GRANULE = 2L << 20;
    /** Requests of this size and above are large. */
    static final long LARGE_THRESHOLD = 1L << 20;

    private SizeClasses() {}

    /** The size class of a request of {@code bytes} (0 included: every block has a real address). */
    static long roundUp(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("cannot allocate a negative number of bytes: " + bytes);
        long granule = bytes < LARGE_THRESHOLD ? SMALL_GRANULE : LARGE_GRANULE;
        if (bytes == 0) return SMALL_GRANULE;
        long blocks = (bytes - 1) / granule + 1;
        if (blocks > Long.MAX_VALUE / granule) throw new IllegalArgumentException("allocation too large: " + bytes + " bytes");
        return blocks * granule;
    }
}
