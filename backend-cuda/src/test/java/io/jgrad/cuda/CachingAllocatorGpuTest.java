package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caching allocator over cudaMalloc on a real GPU. */
@GpuTest
class CachingAllocatorGpuTest {
    @Test
    void aFreedBlockIsReusedAndTheFiguresFollow() {
        CachingAllocator allocator = DeviceArrays.device().allocator();
        MemoryStats before = Cuda.memoryStats();
        DeviceBlock block = allocator.allocate(3 << 20);
        assertEquals(before.allocatedBytes() + (4 << 20), Cuda.memoryStats().allocatedBytes());
        allocator.free(block);
        DeviceBlock again = allocator.allocate((3 << 20) + 5);
        assertEquals(block.address(), again.address(), "same size class, same block");
        assertTrue(Cuda.memoryStats().cacheHits() > before.cacheHits());
        allocator.free(again);
        Cuda.emptyCache();
        MemoryStats after = Cuda.memoryStats();
        assertEquals(0, after.cachedBytes());
        assertEquals(before.allocatedBytes(), after.allocatedBytes());
        assertTrue(after.peakAllocatedBytes() >= 4 << 20);
    }

    @Test
    void moreThanTheDeviceHoldsFailsWithTheFiguresAndLeavesTheAllocatorUsable() {
        CachingAllocator allocator = DeviceArrays.device().allocator();
        long tooMuch = Cuda.status().device(0).totalMemory() * 2;
        var e = assertThrows(DeviceOutOfMemoryException.class, () -> allocator.allocate(tooMuch));
        assertEquals(tooMuch, e.requestedBytes());
        assertTrue(e.getMessage().startsWith("cuda:0 is out of memory: cannot allocate "), e.getMessage());
        assertTrue(e.getMessage().contains(" free of "), e.getMessage());
        DeviceBlock block = DeviceArrays.upload(new float[] {4, 5});
        assertArrayEquals(new float[] {4, 5}, DeviceArrays.downloadFloats(block, 2));
        DeviceArrays.free(block);
    }
}
