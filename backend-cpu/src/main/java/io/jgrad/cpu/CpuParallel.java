package io.jgrad.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The ForkJoin pool the CPU kernels split work over: one worker per core, or {@code jgrad.threads}. Work below
 * {@link #MIN_PARALLEL_WORK} elements stays on the calling thread, where forking costs more than it saves.
 */
final class CpuParallel {
    static final int THREADS = Math.max(1, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()));
    /** Elements (roughly, element-operations) below which an op runs on one thread. */
    static final long MIN_PARALLEL_WORK = 1L << 15;
    private static final ForkJoinPool POOL = THREADS == 1 ? null : new ForkJoinPool(THREADS);

    /** Work items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private CpuParallel() {}

    /** How many chunks {@code totalWork} element-operations deserve: 1 when small, at most one per thread. */
    static int chunksFor(long totalWork, int count) {
        if (POOL == null || totalWork < MIN_PARALLEL_WORK) return 1;
        return (int) Math.max(1, Math.min(Math.min(THREADS, count), totalWork / (MIN_PARALLEL_WORK / 2)));
    }

    /** Runs {@code body} over [0, count), split into contiguous chunks when {@code count * workPerItem} is large. */
    static void forRange(int count, long workPerItem, Range body) {
        int chunks = chunksFor((long) count * Math.max(1, workPerItem), count);
        if (chunks <= 1) {
            if (count > 0) body.run(0, count);
            return;
        }
        List<RecursiveAction> actions = new ArrayList<>(chunks);
        for (int t = 0; t < chunks; t++) {
            int from = (int) ((long) count * t / chunks), to = (int) ((long) count * (t + 1) / chunks);
            actions.add(new RecursiveAction() {
                @Override protected void compute() { body.run(from, to); }
            });
        }
        if (ForkJoinTask.getPool() == POOL) {
            ForkJoinTask.invokeAll(actions);
        } else {
            POOL.invoke(new RecursiveAction() {
                @Override protected void compute() { invokeAll(actions); }
            });
        }
    }
}
