package io.jgrad.cpu.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpinTeamTest {
    private static final SpinTeam TEAM = new SpinTeam(3, "test-team");

    @Test
    void everyChunkRunsExactlyOnceAcrossManyRegions() {
        for (int region = 0; region < 2_000; region++) {
            int chunks = 1 + region % 7;
            AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
            TEAM.run(chunks, runs::incrementAndGet);
            for (int i = 0; i < chunks; i++) assertEquals(1, runs.get(i), "region " + region + ", chunk " + i);
        }
    }

    @Test
    void resultsWrittenByWorkersAreVisibleToTheCaller() {
        int[] out = new int[64];
        for (int round = 1; round <= 500; round++) {
            int value = round;
            TEAM.run(out.length, i -> out[i] = value * i);
            for (int i = 0; i < out.length; i++) assertEquals(round * i, out[i]);
        }
    }

    @Test
    void aFailingChunkIsRethrownAfterTheOthersFinish() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("chunk 3");
        var e = assertThrows(IllegalStateException.class, () -> TEAM.run(8, i -> {
            if (i == 3) throw failure;
            finished.incrementAndGet();
        }));
        assertSame(failure, e);
        assertEquals(7, finished.get());
        // The team still works afterwards.
        AtomicInteger after = new AtomicInteger();
        TEAM.run(5, i -> after.incrementAndGet());
        assertEquals(5, after.get());
    }

    @Test
    void aRegionStartedInsideAChunkRunsInline() {
        AtomicInteger inner = new AtomicInteger();
        TEAM.run(4, i -> TEAM.run(3, j -> inner.incrementAndGet()));
        assertEquals(12, inner.get());
    }

    @Test
    void concurrentCallersEachGetAllTheirChunks() throws InterruptedException {
        AtomicInteger total = new AtomicInteger();
        Thread[] callers = new Thread[4];
        for (int t = 0; t < callers.length; t++) {
            callers[t] = new Thread(() -> {
                for (int r = 0; r < 300; r++) TEAM.run(5, i -> total.incrementAndGet());
            });
            callers[t].start();
        }
        for (Thread t : callers) t.join();
        assertEquals(4 * 300 * 5, total.get());
    }

    @Test
    void oneThreadRunsInlineInOrderAndBadSizesAreRejected() {
        SpinTeam single = new SpinTeam(1, "single");
        assertEquals(1, single.threads());
        StringBuilder order = new StringBuilder();
        single.run(4, order::append);
        assertEquals("0123", order.toString());
        single.run(0, i -> { throw new AssertionError("no chunks to run"); });
        var e = assertThrows(IllegalArgumentException.class, () -> new SpinTeam(0, "none"));
        assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
    }
}
