package io.jgrad.train;

import java.util.OptionalDouble;

/**
 * Seconds left in an epoch, from the pace of the batches after the first: the first batch of a run carries the JIT's
 * warm-up (and a GPU's kernel compilation), so a linear estimate from the epoch's start overshoots wildly at first.
 * Empty until two batches and half a second have passed since the first batch ended.
 */
final class EtaEstimate {
    private double firstBatchEnd = -1;

    /** Starts a new epoch. */
    void reset() { firstBatchEnd = -1; }

    /** After {@code done} of {@code batches} batches, {@code seconds} into the epoch. */
    OptionalDouble secondsLeft(int done, int batches, double seconds) {
        if (done <= 0) return OptionalDouble.empty();
        if (firstBatchEnd < 0) firstBatchEnd = seconds; // the first call sees the first batch done
        double since = seconds - firstBatchEnd;
        int paced = done - 1;
        if (paced < 2 || since < 0.5) return OptionalDouble.empty();
        return OptionalDouble.of(since / paced * (batches - done));
    }

    /** {@code 0:07}, {@code 12:03} or {@code 1:02:03}; {@code --:--} when unknown. */
    static String format(OptionalDouble secondsLeft) {
        if (secondsLeft.isEmpty()) return "--:--";
        long s = Math.round(secondsLeft.getAsDouble());
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }
}
