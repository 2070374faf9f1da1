package io.jgrad.cpu.threads;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A team of worker threads for short parallel regions issued back to back (the GEMMs of a training step, a few
 * hundred microseconds each, with a little serial work between them). The caller publishes a job of numbered chunks
 * and claims chunks itself; the workers claim the rest. A worker that finds no new job spins for
 * {@link #SPIN_NANOS} before it parks, so the next region starts on a running thread instead of paying a wake-up
 * (tens of microseconds each way, which a ForkJoin pool whose workers park at once pays twice per region).
 *
 * <p>With {@code threads - 1} workers the caller is the last thread, so a team never has more runnable threads than
 * cores. A chunk no worker has claimed when the caller is free is run by the caller, so a parked or descheduled
 * worker costs parallelism, never a wait. A second caller, or a chunk that starts a region of its own, finds the team
 * busy and runs its chunks inline, in order.
 */
public final class SpinTeam {
    /** How long an idle worker spins for the next job before parking. */
    static final long SPIN_NANOS = Long.getLong("jgrad.spinMicros", 200) * 1_000;

    /** One team for all of the CPU backend's kernels, so that only one set of workers ever spins. */
    private static final SpinTeam SHARED = new SpinTeam(
            Math.max(1, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors())), "jgrad-cpu");

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();

    /** A team of {@code threads - 1} daemon workers named {@code name-1 ...}; with 1 thread, every job runs inline. */
    public SpinTeam(int threads, String name) {
        if (threads < 1) throw new IllegalArgumentException("SpinTeam: threads must be >= 1, got " + threads);
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(name + "-" + (i + 1));
            workers[i].start();
        }
    }

    /** The CPU backend's team: {@code jgrad.threads} threads (default: the available processors). */
    public static SpinTeam shared() { return SHARED; }

    /** The threads that run a job: the workers and the caller. */
    public int threads() { return workers.length + 1; }

    /**
     * Runs {@code chunk.accept(i)} for every i in [0, chunks), in parallel when the team is free, and returns when all
     * have finished. The first failure is rethrown (after every chunk has finished or failed).
     */
    public void run(int chunks, IntConsumer chunk) {
        if (chunks <= 0) return;
        if (chunks == 1 || workers.length == 0 || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < chunks; i++) chunk.accept(i);
            return;
        }
        Job job = new Job(chunk, chunks);
        try {
            for (Worker w : workers) w.offer(job);
            job.work();
            while (job.done.get() < chunks) Thread.onSpinWait();
        } finally {
            busy.set(false);
        }
        job.rethrow();
    }

    /** One parallel region: chunks are claimed by counting up {@code next}; {@code done} counts finished ones. */
    private static final class Job {
        final IntConsumer chunk;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer chunk, int chunks) {
            this.chunk = chunk;
            this.chunks = chunks;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int i = next.getAndIncrement(); i < chunks; i = next.getAndIncrement()) {
                try {
                    chunk.accept(i);
                } catch (Throwable e) {
                    synchronized (this) {
                        if (failure == null) failure = e;
                        else failure.addSuppressed(e);
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void rethrow() {
            Throwable e = failure;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error r) throw r;
            if (e != null) throw new IllegalStateException("a parallel chunk failed", e);
        }
    }

    private static final class Worker extends Thread {
        /** The job to work on; cleared by the worker when done, so that a finished job's arrays are not kept alive. */
        private final AtomicReference<Job> job = new AtomicReference<>();
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void offer(Job j) {
            job.set(j);
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job j = job.get();
                if (j != null) {
                    j.work();
                    job.compareAndSet(j, null); // fails when the next job has already been offered
                    deadline = System.nanoTime() + SPIN_NANOS;
                } else if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    // Re-read after announcing: an offer that saw parked == false had already stored its job.
                    if (job.get() == null) LockSupport.park(this);
                    parked = false;
                    deadline = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
