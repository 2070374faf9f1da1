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
    private static final ForkJoinPool POOL = THREADS == 1 ? null : new ForkJoinPool(THREADS - 1);

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
            callerRuns(actions);
        }
    }

    /**
     * Hands all chunks but the first to the pool (one worker fewer than {@link #THREADS}: the caller
     * is the last) and runs the first on the calling thread, then joins the rest. A caller that
     * only waited on the pool would sleep through every op and need waking, besides waiting for
     * the workers to wake; here a chunk no worker has started yet when the caller is done is taken
     * back and run by the caller too (an external join unpushes it).
     * Every chunk has finished (or failed) before this returns; the first failure is rethrown.
     */
    private static void callerRuns(List<RecursiveAction> actions) {
        for (int t = 1; t < actions.size(); t++) POOL.execute(actions.get(t));
        Throwable failure = null;
        try {
            actions.get(0).invoke();
        } catch (Throwable e) {
            failure = e;
        }
        for (int t = actions.size() - 1; t >= 1; t--) {
            try {
                actions.get(t).join();
            } catch (Throwable e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
    }
}
