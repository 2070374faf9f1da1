package io.jgrad.cpu.conv;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent work items (images, channel planes) on a ForkJoin pool with one worker per core when there is
 * enough work. (Its own pool rather than the common one, whose parallelism is cores - 1: on a 2-core machine that
 * would never split.)
 */
final class ConvParallel {
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS == 1 ? null : new ForkJoinPool(THREADS);
    /** Below this many multiply-adds in total, a kernel stays on the calling thread. */
    static final long THRESHOLD = 1L << 18;

    private ConvParallel() {}

    static boolean worthIt(int items, long work) { return POOL != null && items > 1 && work >= THRESHOLD; }

    static void forEach(int items, long work, IntConsumer body) {
        if (worthIt(items, work)) run(() -> IntStream.range(0, items).parallel().forEach(body));
        else for (int i = 0; i < items; i++) body.accept(i);
    }

    /** One contiguous part of a range of items: part {@code part} covers items [from, to). */
    @FunctionalInterface
    interface Part {
        void run(int part, int from, int to);
    }

    /** The number of parts {@link #forParts} cuts {@code items} into: one per worker when it pays, else one. */
    static int parts(int items, long work) { return worthIt(items, work) ? Math.min(items, THREADS) : 1; }

    /**
     * Cuts [0, items) into {@link #parts} near-equal contiguous parts and runs them in parallel, so that each part can
     * keep its own accumulator (a partial weight gradient) without sharing it.
     */
    static void forParts(int items, long work, Part body) {
        int parts = parts(items, work);
        if (parts == 1) {
            body.run(0, 0, items);
            return;
        }
        run(() -> IntStream.range(0, parts).parallel().forEach(t ->
                body.run(t, (int) ((long) items * t / parts), (int) ((long) items * (t + 1) / parts))));
    }

    /** Runs {@code task} inside the pool, so that the parallel streams it starts split over the pool's workers. */
    static void run(Runnable task) {
        if (java.util.concurrent.ForkJoinTask.getPool() == POOL || POOL == null) task.run();
        else POOL.submit(task).join();
    }
}
