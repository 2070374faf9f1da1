package io.jgrad.cpu.conv;

import io.jgrad.cpu.threads.SpinTeam;
import java.util.function.IntConsumer;

/**
 * Runs independent work items (images, channel planes) on the CPU backend's shared {@link SpinTeam} when there is
 * enough work; the threads claim items one at a time, so uneven items still keep every thread busy.
 */
final class ConvParallel {
    private static final SpinTeam TEAM = SpinTeam.shared();
    static final int THREADS = TEAM.threads();
    /** Below this many multiply-adds in total, a kernel stays on the calling thread. */
    static final long THRESHOLD = 1L << 18;

    private ConvParallel() {}

    static boolean worthIt(int items, long work) { return THREADS > 1 && items > 1 && work >= THRESHOLD; }

    static void forEach(int items, long work, IntConsumer body) {
        if (worthIt(items, work)) TEAM.run(items, body);
        else for (int i = 0; i < items; i++) body.accept(i);
    }

    /** Items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Contiguous runs per thread in {@link #forRanges}: enough for dynamic claiming to even out uneven runs. */
    private static final int RUNS_PER_THREAD = 4;

    /**
     * Runs {@code body} over [0, items) cut into a few contiguous runs that the threads claim one at a time: for
     * many small items (the planes of a pooling layer), where claiming each item on its own costs more than it does.
     */
    static void forRanges(int items, long work, Range body) {
        if (!worthIt(items, work)) {
            if (items > 0) body.run(0, items);
            return;
        }
        int runs = Math.min(items, THREADS * RUNS_PER_THREAD);
        TEAM.run(runs, r -> body.run((int) ((long) items * r / runs), (int) ((long) items * (r + 1) / runs)));
    }

    /** One contiguous part of a range of items: part {@code part} covers items [from, to). */
    @FunctionalInterface
    interface Part {
        void run(int part, int from, int to);
    }

    /** The number of parts {@link #forParts} cuts {@code items} into: one per thread when it pays, else one. */
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
        TEAM.run(parts, t -> body.run(t, (int) ((long) items * t / parts), (int) ((long) items * (t + 1) / parts)));
    }
}
