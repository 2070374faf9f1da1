package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.optim.LrScheduler;

import java.util.Map;

/**
 * Steps a learning-rate scheduler after each epoch ({@code step()} for epoch-based schedules, or {@code step(value)}
 * with a monitored value for plateau schedules), or after each batch ({@link #perBatch}).
 */
public final class LrSchedulerCallback implements Callback {
    private final LrScheduler scheduler;
    private final String monitor;
    private final boolean perBatch;

    public LrSchedulerCallback(LrScheduler scheduler) { this(scheduler, null); }

    /** @param monitor a history column such as {@code val_loss} passed to {@code step(double)}, or null */
    public LrSchedulerCallback(LrScheduler scheduler, String monitor) { this(scheduler, monitor, false); }

    private LrSchedulerCallback(LrScheduler scheduler, String monitor, boolean perBatch) {
        if (scheduler == null) throw new IllegalArgumentException("LrSchedulerCallback: scheduler is null");
        this.scheduler = scheduler;
        this.monitor = monitor;
        this.perBatch = perBatch;
    }

    /**
     * Steps {@code scheduler} after every training step, so that its schedule counts optimizer steps instead of
     * epochs: the first batch uses the schedule's value at 0, batch {@code n} (from 0, across epochs) its value at
     * {@code n}. Linear warmup over 500 steps, then a cosine decay to 0 at the end of 10 epochs:
     * {@code perBatch(LrSchedule.warmupThen(500, 0.01, LrSchedule.cosine(10 * loader.batchCount() - 500, 0))
     * .bind(optimizer))}.
     */
    public static LrSchedulerCallback perBatch(LrScheduler scheduler) {
        return new LrSchedulerCallback(scheduler, null, true);
    }

    @Override
    public void onBatchEnd(Trainer trainer, int batch, Tensor loss) {
        if (perBatch) scheduler.step();
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (perBatch) return;
        if (monitor == null) scheduler.step();
        else scheduler.step(new Monitor(monitor, Monitor.Mode.MIN, 0).valueIn(logs));
    }
}
