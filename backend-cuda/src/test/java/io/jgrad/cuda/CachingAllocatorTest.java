package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator's bookkeeping over a fake device with a fixed capacity. */
class CachingAllocatorTest {
    private static final long MIB = 1L << 20;

    /** Hands out addresses from a counter until {@code capacity} bytes are out. */
    static final class FakeDevice implements DeviceMemorySource {
        final long capacity;
        final Map<Long, Long> blocks = new HashMap<>();
        final List<Long> freed = new ArrayList<>();
        long used;
        long next = 0x7f0000000000L;
        int refusals;

        FakeDevice(long capacity) { this.capacity = capacity; }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                refusals++;
                return 0;
            }
            long address = next;
            next += bytes;
            blocks.put(address, bytes);
            used += bytes;
            return address;
        }

        @Override
        public void free(long address) {
            Long bytes = blocks.remove(address);
            if (bytes == null) throw new AssertionError("fake device: bad free 0x" + Long.toHexString(address));
            used -= bytes;
            freed.add(address);
        }

        @Override
        public String describeFreeMemory() { return MemoryStats.formatBytes(capacity - used) + " free of fake"; }
    }

    @Test
    void freedBlocksAreReusedForTheSameSizeClass() {
        FakeDevice device = new FakeDevice(64 * MIB);
        CachingAllocator allocator = new CachingAllocator("cuda:0", device);
        DeviceBlock first = allocator.allocate(1000);
        assertEquals(1024, first.size());
        assertEquals(1000, first.requested());
        allocator.free(first);
        DeviceBlock again = allocator.allocate(900); // same 1024-byte class
        assertEquals(first.address(), again.address());
        DeviceBlock other = allocator.allocate(2000); // another class: a new device block
        assertNotEquals(first.address(), other.address());
        MemoryStats stats = allocator.stats();
        assertEquals(3, stats.allocations());
        assertEquals(1, stats.cacheHits());
        assertEquals(2, stats.deviceAllocations());
        assertEquals(2, device.blocks.size());
    }

    @Test
    void statisticsTrackAllocatedCachedAndPeak() {
        CachingAllocator allocator = new CachingAllocator("cuda:0", new FakeDevice(64 * MIB));
        DeviceBlock a = allocator.allocate(3 * MIB);       // 4 MiB class
        DeviceBlock b = allocator.allocate(100);           // 512 B class
        MemoryStats both = allocator.stats();
        assertEquals(4 * MIB + 512, both.allocatedBytes());
        assertEquals(3 * MIB + 100, both.requestedBytes());
        assertEquals(2, both.liveBlocks());
        assertEquals(0, both.cachedBytes());
        allocator.free(a);
        MemoryStats afterFree = allocator.stats();
        assertEquals(512, afterFree.allocatedBytes());
        assertEquals(100, afterFree.requestedBytes());
        assertEquals(4 * MIB, afterFree.cachedBytes());
        assertEquals(1, afterFree.cachedBlocks());
        assertEquals(4 * MIB + 512, afterFree.peakAllocatedBytes());
        assertEquals(4 * MIB + 512, afterFree.reservedBytes());
        allocator.free(b);
        assertEquals(0, allocator.stats().allocatedBytes());
        assertEquals(4 * MIB + 512, allocator.stats().peakAllocatedBytes());
    }

    @Test
    void emptyCacheReturnsCachedBlocksOnly() {
        FakeDevice device = new FakeDevice(64 * MIB);
        CachingAllocator allocator = new CachingAllocator("cuda:0", device);
        DeviceBlock kept = allocator.allocate(5 * MIB);
        DeviceBlock dropped = allocator.allocate(7 * MIB);
        allocator.free(dropped);
        allocator.emptyCache();
        assertEquals(List.of(dropped.address()), device.freed);
        MemoryStats stats = allocator.stats();
        assertEquals(0, stats.cachedBytes());
        assertEquals(0, stats.cachedBlocks());
        assertEquals(kept.size(), stats.allocatedBytes());
        assertEquals(1, stats.deviceFrees());
        // A new request of the dropped block's class now goes to the device again.
        allocator.allocate(7 * MIB);
        assertEquals(3, allocator.stats().deviceAllocations());
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeDevice device = new FakeDevice(10 * MIB);
        CachingAllocator allocator = new CachingAllocator("cuda:0", device);
        allocator.free(allocator.allocate(6 * MIB)); // 6 MiB cached, 4 MiB left on the device
        DeviceBlock big = allocator.allocate(8 * MIB);  // fails, cache emptied, retry succeeds
        assertEquals(8 * MIB, big.size());
        assertEquals(1, device.refusals);
        assertEquals(0, allocator.stats().cachedBytes());
        assertEquals(1, allocator.stats().deviceFrees());
    }

    @Test
    void outOfMemoryAfterTheRetryNamesTheRequestAndTheFigures() {
        FakeDevice device = new FakeDevice(10 * MIB);
        CachingAllocator allocator = new CachingAllocator("cuda:3", device);
        allocator.allocate(6 * MIB);
        allocator.free(allocator.allocate(2 * MIB));
        var e = assertThrows(DeviceOutOfMemoryException.class, () -> allocator.allocate(5 * MIB + 3));
        assertEquals(2, device.refusals, "one try, one retry after emptying the cache");
        assertEquals(5 * MIB + 3, e.requestedBytes());
        assertEquals(6 * MIB, e.stats().allocatedBytes());
        String message = e.getMessage();
        for (String part : List.of("cuda:3", "5.0 MiB", "5242883 bytes requested", "6291456 in its size class",
                "2.0 MiB released", "6.0 MiB allocated in 1 blocks", "4.0 MiB free of fake")) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
        // The allocator is still consistent and usable after the failure.
        assertEquals(6 * MIB, allocator.stats().allocatedBytes());
        assertEquals(2 * MIB, allocator.allocate(MIB).size());
    }

    @Test
    void freeingTwiceOrAForeignBlockFails() {
        CachingAllocator allocator = new CachingAllocator("cuda:0", new FakeDevice(64 * MIB));
        DeviceBlock block = allocator.allocate(4096);
        allocator.free(block);
        var twice = assertThrows(IllegalStateException.class, () -> allocator.free(block));
        assertTrue(twice.getMessage().contains("freed twice"), twice.getMessage());
        assertThrows(IllegalStateException.class, () -> allocator.free(new DeviceBlock(12345, 512, 512)));
        assertEquals(4096, allocator.stats().cachedBytes(), "failed frees change nothing");
    }

    @Test
    void bytesAreFormattedInBinaryUnits() {
        assertEquals("0 B", MemoryStats.formatBytes(0));
        assertEquals("1023 B", MemoryStats.formatBytes(1023));
        assertEquals("1.5 KiB", MemoryStats.formatBytes(1536));
        assertEquals("139.8 GiB", MemoryStats.formatBytes((long) (139.8 * (1L << 30))));
    }
}
