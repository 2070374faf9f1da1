package io.jgrad.train;

import io.jgrad.optim.LrScheduler;

import java.util.Map;

/**
 * Steps a learning-rate scheduler after each epoch: {@code step()} for epoch-based schedules, or
 * {@code step(value)} with a monitored value for plateau schedules.
 */
public final class LrSchedulerCallback implements Callback {
    private final LrScheduler scheduler;
    private final String monitor;

    public LrSchedulerCallback(LrScheduler scheduler) { this(scheduler, null); }

    /** @param monitor a history column such as {@code val_loss} passed to {@code step(double)}, or null */
    public LrSchedulerCallback(LrScheduler scheduler, String monitor) {
        this.scheduler = scheduler;
        this.monitor = monitor;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (monitor == null) scheduler.step();
        else scheduler.step(new Monitor(monitor, Monitor.Mode.MIN, 0).valueIn(logs));
    }
}
