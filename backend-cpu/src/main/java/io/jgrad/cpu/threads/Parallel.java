package io.jgrad.cpu.threads;

import java.util.function.IntConsumer;

/**
 * How the CPU kernels split their work over the backend's shared {@link SpinTeam} ({@code jgrad.threads} threads,
 * default one per core). Work below a size threshold stays on the calling thread, where splitting would cost more
 * than it saves; the thresholds are per kind of work, in the unit its kernels count. Every split is a pure function
 * of the sizes and the thread count, so a kernel that keeps one partial result per part (a reduction, a weight
 * gradient) gives the same bits from run to run.
 */
public final class Parallel {
    private static final SpinTeam TEAM = SpinTeam.shared();
    /** The threads a region runs on: the team's workers and the caller. */
    public static final int THREADS = TEAM.threads();

    /** Element-operations (elementwise, copy, reduction and softmax passes) below which an op stays on the caller. */
    public static final long MIN_ELEMENT_WORK = 1L << 15;
    /** Multiply-adds (or window reads) below which a whole convolution or pooling op stays on the calling thread. */
    public static final long MIN_CONV_WORK = 1L << 18;
    /** Multiply-adds (m * n * k) below which a GEMM stays on the calling thread. */
    public static final long MIN_GEMM_WORK = 1L << 21;

    /** Contiguous runs per thread in {@link #forRuns}: enough for dynamic claiming to even out uneven runs. */
    private static final int RUNS_PER_THREAD = 4;

    /** Work items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Part {@code part} of a split, covering items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    public interface Part {
        void run(int part, int from, int to);
    }

    private Parallel() {}

    /**
     * Runs {@code body} over [0, count) cut into at most {@code parts} near-equal contiguous parts whose boundaries are
     * multiples of {@code grain} (except the end), in parallel when there is more than one; with one part (or none to
     * cut) it runs {@code body.run(0, 0, count)} on the calling thread. The threads claim parts one at a time.
     */
    public static void split(int count, int grain, int parts, Part body) {
        int units = (count + grain - 1) / grain;
        int chunks = Math.min(parts, units);
        if (chunks <= 1) {
            body.run(0, 0, count);
            return;
        }
        TEAM.run(chunks, t -> body.run(t, Math.min(count, start(units, t, chunks) * grain),
                Math.min(count, start(units, t + 1, chunks) * grain)));
    }

    /** Runs {@code body} over [0, count) in {@code chunks} near-equal contiguous ranges (0 < chunks <= count). */
    private static void ranges(int count, int chunks, Range body) {
        if (chunks <= 1) body.run(0, count);
        else TEAM.run(chunks, t -> body.run(start(count, t, chunks), start(count, t + 1, chunks)));
    }

    /** Where part {@code part} of {@code count} items cut into {@code parts} near-equal parts starts. */
    private static int start(int count, int part, int parts) { return (int) ((long) count * part / parts); }

    // ---- element-operations: a few chunks, each of at least half the threshold --------------------------------------

    /** How many chunks {@code totalWork} element-operations over {@code count} items deserve: 1 when small. */
    public static int chunksFor(long totalWork, int count) {
        if (THREADS == 1 || totalWork < MIN_ELEMENT_WORK) return 1;
        return (int) Math.max(1, Math.min(Math.min(THREADS, count), totalWork / (MIN_ELEMENT_WORK / 2)));
    }

    /** Runs {@code body} over [0, count) in {@link #chunksFor}({@code count * workPerItem}) contiguous chunks. */
    public static void forRange(int count, long workPerItem, Range body) {
        if (count <= 0) return;
        ranges(count, chunksFor((long) count * Math.max(1, workPerItem), count), body);
    }

    // ---- convolution and pooling: independent items (images, planes) and the work of all of them together ---------

    /** True when {@code items} that take {@code work} multiply-adds in all should be spread over the threads. */
    private static boolean worthSplitting(int items, long work) {
        return THREADS > 1 && items > 1 && work >= MIN_CONV_WORK;
    }

    /** Runs {@code body} for each of [0, items), claimed one at a time, so uneven items still keep all threads busy. */
    public static void forEach(int items, long work, IntConsumer body) {
        if (worthSplitting(items, work)) TEAM.run(items, body);
        else for (int i = 0; i < items; i++) body.accept(i);
    }

    /**
     * Runs {@code body} over [0, items) cut into a few contiguous runs per thread: for many small items (the planes of
     * a pooling layer), where claiming each item on its own costs more than the item does.
     */
    public static void forRuns(int items, long work, Range body) {
        if (items <= 0) return;
        int runs = worthSplitting(items, work) ? Math.min(items, THREADS * RUNS_PER_THREAD) : 1;
        ranges(items, runs, body);
    }

    /**
     * The number of parts for {@link #split}{@code (items, 1, parts, ...)} when each part keeps its own accumulator (a
     * partial weight gradient): one per thread when it pays, else one.
     */
    public static int partsFor(int items, long work) {
        return worthSplitting(items, work) ? Math.min(items, THREADS) : 1;
    }
}
