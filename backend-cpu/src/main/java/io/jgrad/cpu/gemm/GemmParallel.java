package io.jgrad.cpu.gemm;

import io.jgrad.cpu.threads.SpinTeam;

/**
 * The threads the GEMMs split work over: the CPU backend's shared {@link SpinTeam} (the caller and
 * {@code jgrad.threads - 1} workers that spin briefly between regions). A range of work items is cut into
 * contiguous chunks; the caller returns when all of them have run.
 */
final class GemmParallel {
    private static final SpinTeam TEAM = SpinTeam.shared();
    static final int THREADS = TEAM.threads();

    /** One chunk of work: items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Chunk {
        void run(int from, int to);
    }

    private GemmParallel() {}

    /**
     * Runs {@code body} over [0, count) in at most {@code tasks} chunks whose boundaries are
     * multiples of {@code grain} (except the end), in parallel when there is more than one chunk.
     */
    static void forRange(int count, int grain, int tasks, Chunk body) {
        int units = (count + grain - 1) / grain;
        int chunks = Math.min(tasks, units);
        if (chunks <= 1) {
            body.run(0, count);
            return;
        }
        TEAM.run(chunks, t -> body.run(Math.min(count, (int) ((long) units * t / chunks) * grain),
                Math.min(count, (int) ((long) units * (t + 1) / chunks) * grain)));
    }
}
