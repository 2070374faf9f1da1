package io.jgrad.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory for one device, cached by size class ({@link SizeClasses}): a freed block goes to the free list of its
 * class and the next request of that class takes it back without a {@code cudaMalloc}. Blocks are never split or
 * merged. Out of memory: the cache is emptied and the allocation retried once, then a
 * {@link DeviceOutOfMemoryException} gives the request and the figures.
 *
 * <p>Reusing a freed block at once is safe because every kernel, copy and GEMM of a device runs on the device's one
 * stream, in order: work issued after the reuse cannot overtake work issued before the free.
 */
final class CachingAllocator {
    private final String device;
    private final DeviceMemorySource source;
    private final Map<Long, ArrayDeque<Long>> freeLists = new HashMap<>();
    private final Map<Long, DeviceBlock> live = new HashMap<>();

    private long allocatedBytes;
    private long requestedBytes;
    private long cachedBytes;
    private long peakAllocatedBytes;
    private long cachedBlocks;
    private long allocations;
    private long cacheHits;
    private long deviceAllocations;
    private long deviceFrees;

    /**
     * @param device the device's name for messages ({@code cuda:0})
     * @param source where new blocks come from
     */
    CachingAllocator(String device, DeviceMemorySource source) {
        this.device = device;
        this.source = source;
    }

    /** A block of at least {@code bytes}, from the cache when one of its size class is free. */
    synchronized DeviceBlock allocate(long bytes) {
        long size = SizeClasses.roundUp(bytes);
        allocations++;
        long address = takeCached(size);
        if (address != 0) {
            cacheHits++;
        } else {
            address = source.allocate(size);
            if (address == 0) {
                long released = cachedBytes;
                emptyCache();
                address = source.allocate(size);
                if (address == 0) throw outOfMemory(bytes, size, released);
            }
            deviceAllocations++;
        }
        DeviceBlock block = new DeviceBlock(address, size, bytes);
        live.put(address, block);
        allocatedBytes += size;
        requestedBytes += bytes;
        peakAllocatedBytes = Math.max(peakAllocatedBytes, allocatedBytes);
        return block;
    }

    /** Returns a block to the cache. Freeing a block twice, or one from elsewhere, is an error. */
    synchronized void free(DeviceBlock block) {
        DeviceBlock known = live.get(block.address());
        if (known == null || !known.equals(block)) {
            throw new IllegalStateException(device + ": freeing a block this allocator has not handed out (freed twice?): "
                    + "address 0x" + Long.toHexString(block.address()) + ", " + block.size() + " bytes");
        }
        live.remove(block.address());
        allocatedBytes -= block.size();
        requestedBytes -= block.requested();
        freeLists.computeIfAbsent(block.size(), s -> new ArrayDeque<>()).push(block.address());
        cachedBytes += block.size();
        cachedBlocks++;
    }

    /** Gives every cached block back to the device. Live blocks are untouched. */
    synchronized void emptyCache() {
        for (ArrayDeque<Long> list : freeLists.values()) {
            for (long address : list) {
                source.free(address);
                deviceFrees++;
            }
        }
        freeLists.clear();
        cachedBytes = 0;
        cachedBlocks = 0;
    }

    synchronized MemoryStats stats() {
        return new MemoryStats(allocatedBytes, requestedBytes, cachedBytes, peakAllocatedBytes, live.size(), cachedBlocks,
                allocations, cacheHits, deviceAllocations, deviceFrees);
    }

    private long takeCached(long size) {
        ArrayDeque<Long> list = freeLists.get(size);
        if (list == null || list.isEmpty()) return 0;
        cachedBytes -= size;
        cachedBlocks--;
        return list.pop();
    }

    private DeviceOutOfMemoryException outOfMemory(long bytes, long size, long released) {
        MemoryStats stats = stats();
        String message = device + " is out of memory: cannot allocate " + MemoryStats.formatBytes(bytes) + " (" + bytes
                + " bytes requested, " + size + " in its size class) after emptying the cache (" + MemoryStats.formatBytes(released)
                + " released) and retrying; allocator: " + stats.summary() + "; device: " + source.describeFreeMemory();
        return new DeviceOutOfMemoryException(message, bytes, stats);
    }
}
