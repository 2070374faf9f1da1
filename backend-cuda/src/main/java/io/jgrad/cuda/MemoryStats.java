package io.jgrad.cuda;

import java.util.Locale;

/**
 * The caching allocator's figures for one device (sizes in bytes, rounded up to the allocator's size classes).
 *
 * @param allocatedBytes held by live blocks (handed out and not yet freed)
 * @param requestedBytes what the live blocks were asked for (before rounding)
 * @param cachedBytes freed blocks kept for reuse, still allocated on the device
 * @param peakAllocatedBytes the highest {@code allocatedBytes} so far
 * @param liveBlocks number of live blocks
 * @param cachedBlocks number of cached blocks
 * @param allocations requests served so far
 * @param cacheHits requests served from the cache
 * @param deviceAllocations device allocations ({@code cudaMalloc}) so far
 * @param deviceFrees device frees ({@code cudaFree}) so far
 */
public record MemoryStats(long allocatedBytes, long requestedBytes, long cachedBytes, long peakAllocatedBytes,
                          long liveBlocks, long cachedBlocks, long allocations, long cacheHits, long deviceAllocations,
                          long deviceFrees) {
    /** A device that has allocated nothing. */
    public static final MemoryStats NONE = new MemoryStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Device memory this allocator holds: allocated plus cached. */
    public long reservedBytes() { return allocatedBytes + cachedBytes; }

    /** {@code 1.5 GiB allocated in 12 blocks (peak 2.0 GiB), 256.0 MiB cached in 3 blocks}. */
    public String summary() {
        return formatBytes(allocatedBytes) + " allocated in " + liveBlocks + " blocks (peak " + formatBytes(peakAllocatedBytes)
                + "), " + formatBytes(cachedBytes) + " cached in " + cachedBlocks + " blocks";
    }

    /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 139.8 GiB}. */
    public static String formatBytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
