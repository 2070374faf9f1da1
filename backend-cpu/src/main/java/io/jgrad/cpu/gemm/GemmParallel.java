package io.jgrad.cpu.gemm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The ForkJoin pool the GEMMs split work over: one worker per available core, or {@code jgrad.threads}. A range of work
 * items is cut into contiguous chunks; the caller waits for all of them.
 */
final class GemmParallel {
    static final int THREADS = Math.max(1, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS == 1 ? null : new ForkJoinPool(THREADS - 1);

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
        if (chunks <= 1 || POOL == null) {
            body.run(0, count);
            return;
        }
        List<RecursiveAction> actions = new ArrayList<>(chunks);
        for (int t = 0; t < chunks; t++) {
            int from = Math.min(count, (int) ((long) units * t / chunks) * grain);
            int to = Math.min(count, (int) ((long) units * (t + 1) / chunks) * grain);
            actions.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
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
