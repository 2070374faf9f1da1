package io.jgrad.cpu;

import io.jgrad.cpu.threads.SpinTeam;

/**
 * The threads the CPU kernels split work over: the backend's shared {@link SpinTeam}, {@code jgrad.threads} threads
 * (default: one per core). Work below {@link #MIN_PARALLEL_WORK} elements stays on the calling thread, where
 * splitting costs more than it saves.
 */
final class CpuParallel {
    private static final SpinTeam TEAM = SpinTeam.shared();
    static final int THREADS = TEAM.threads();
    /** Elements (roughly, element-operations) below which an op runs on one thread. */
    static final long MIN_PARALLEL_WORK = 1L << 15;

    /** Work items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private CpuParallel() {}

    /** How many chunks {@code totalWork} element-operations deserve: 1 when small, at most one per thread. */
    static int chunksFor(long totalWork, int count) {
        if (THREADS == 1 || totalWork < MIN_PARALLEL_WORK) return 1;
        return (int) Math.max(1, Math.min(Math.min(THREADS, count), totalWork / (MIN_PARALLEL_WORK / 2)));
    }

    /** Runs {@code body} over [0, count), split into contiguous chunks when {@code count * workPerItem} is large. */
    static void forRange(int count, long workPerItem, Range body) {
        int chunks = chunksFor((long) count * Math.max(1, workPerItem), count);
        if (chunks <= 1) {
            if (count > 0) body.run(0, count);
            return;
        }
        TEAM.run(chunks, t -> body.run((int) ((long) count * t / chunks), (int) ((long) count * (t + 1) / chunks)));
    }
}
