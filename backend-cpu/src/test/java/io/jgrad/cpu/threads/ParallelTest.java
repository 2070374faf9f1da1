package io.jgrad.cpu.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * The kernels' splits: every item runs exactly once, a failing chunk surfaces only after all chunks ended, and a
 * split's parts depend on the sizes alone (so per-part partial results are the same from run to run).
 */
class ParallelTest {
    private static final int COUNT = 1 << 18;

    @Test
    void everyItemRunsOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(COUNT);
        for (int repeat = 0; repeat < 50; repeat++) {
            Parallel.forRange(COUNT, 1, (from, to) -> {
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
        }
        for (int i = 0; i < COUNT; i++) assertEquals(50, runs.get(i), "item " + i);
    }

    @Test
    void failureIsRethrownAfterTheOtherChunksFinish() {
        AtomicIntegerArray runs = new AtomicIntegerArray(COUNT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Parallel.forRange(COUNT, 1, (from, to) -> {
                    if (from == 0) throw new IllegalStateException("first chunk failed");
                    for (int i = from; i < to; i++) runs.incrementAndGet(i);
                }));
        assertEquals("first chunk failed", e.getMessage());
        int chunks = Parallel.chunksFor(COUNT, COUNT);
        // Every chunk but the first (which threw before touching its items) has completed.
        int firstEnd = COUNT / chunks;
        for (int i = firstEnd; i < COUNT; i++) assertEquals(1, runs.get(i), "item " + i);
    }

    @Test
    void everyKernelItemAndRunCoversEachItemOnce() {
        int items = 1_000;
        long work = Parallel.MIN_CONV_WORK;
        AtomicIntegerArray each = new AtomicIntegerArray(items), runs = new AtomicIntegerArray(items);
        Parallel.forEach(items, work, each::incrementAndGet);
        Parallel.forRuns(items, work, (from, to) -> {
            for (int i = from; i < to; i++) runs.incrementAndGet(i);
        });
        for (int i = 0; i < items; i++) {
            assertEquals(1, each.get(i), "forEach item " + i);
            assertEquals(1, runs.get(i), "forRuns item " + i);
        }
    }

    @Test
    void splitPartsAreGrainAlignedNumberedAndTheSameEveryCall() {
        int count = 1_003, grain = 16, parts = 5;
        AtomicLongArray first = bounds(count, grain, parts);
        for (int call = 0; call < 100; call++) {
            AtomicLongArray again = bounds(count, grain, parts);
            for (int t = 0; t < parts; t++) assertEquals(first.get(t), again.get(t), "call " + call + ", part " + t);
        }
        int expectedStart = 0;
        for (int t = 0; t < parts; t++) {
            int from = (int) (first.get(t) >> 32), to = (int) first.get(t);
            assertEquals(expectedStart, from, "part " + t + " starts where the previous one ended");
            if (to < count) assertEquals(0, to % grain, "part " + t + " ends on a multiple of the grain");
            expectedStart = to;
        }
        assertEquals(count, expectedStart);
    }

    /** Each part's [from, to) packed as (from << 32 | to), indexed by the part number split passed. */
    private static AtomicLongArray bounds(int count, int grain, int parts) {
        AtomicLongArray out = new AtomicLongArray(parts);
        Parallel.split(count, grain, parts, (t, from, to) -> out.set(t, (long) from << 32 | to));
        return out;
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        assertEquals(1, Parallel.chunksFor(Parallel.MIN_ELEMENT_WORK - 1, COUNT));
        assertEquals(1, Parallel.partsFor(1_000, Parallel.MIN_CONV_WORK - 1));
        Parallel.forRange(100, 1, (from, to) -> assertEquals(caller, Thread.currentThread()));
        Parallel.forEach(100, Parallel.MIN_CONV_WORK - 1, i -> assertEquals(caller, Thread.currentThread()));
        Parallel.forRuns(100, Parallel.MIN_CONV_WORK - 1, (from, to) -> assertEquals(caller, Thread.currentThread()));
        Parallel.split(0, 4, Parallel.THREADS, (t, from, to) -> assertEquals(0, to - from));
    }
}
