package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool's split: every item runs exactly once, and a failing chunk surfaces only after all chunks ended. */
class CpuParallelTest {
    private static final int COUNT = 1 << 18;

    @Test
    void everyItemRunsOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(COUNT);
        for (int repeat = 0; repeat < 50; repeat++) {
            CpuParallel.forRange(COUNT, 1, (from, to) -> {
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
        }
        for (int i = 0; i < COUNT; i++) assertEquals(50, runs.get(i), "item " + i);
    }

    @Test
    void failureIsRethrownAfterTheOtherChunksFinish() {
        AtomicIntegerArray runs = new AtomicIntegerArray(COUNT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                CpuParallel.forRange(COUNT, 1, (from, to) -> {
                    if (from == 0) throw new IllegalStateException("first chunk failed");
                    for (int i = from; i < to; i++) runs.incrementAndGet(i);
                }));
        assertEquals("first chunk failed", e.getMessage());
        int chunks = CpuParallel.chunksFor(COUNT, COUNT);
        // Every chunk but the first (which threw before touching its items) has completed.
        int firstEnd = COUNT / chunks;
        for (int i = firstEnd; i < COUNT; i++) assertEquals(1, runs.get(i), "item " + i);
    }
}
