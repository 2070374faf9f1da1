package io.jgrad.optim;

/**
 * Changes an optimizer's learning rates as training progresses. Call {@link #step()} once per epoch (or
 * {@link #step(double)} with the validation metric, which {@link ReduceLROnPlateau} needs), or once per optimizer
 * step for a schedule counted in steps (warmup over N steps); the counter is called the epoch either way.
 */
public abstract class LrScheduler {
    protected final Optimizer optimizer;
    private int epoch;

    protected LrScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException("LrScheduler: optimizer is null");
        this.optimizer = optimizer;
    }

    /** Advances one epoch. */
    public void step() {
        epoch++;
        onEpoch(epoch);
    }

    /** Advances one epoch given a metric; schedules that do not use metrics ignore it. */
    public void step(double metric) { step(); }

    /** Counts an epoch without applying a schedule (for schedulers driven by metrics). */
    protected final void countEpoch() { epoch++; }

    /** Sets the optimizer's learning rates for {@code epoch}. */
    protected abstract void onEpoch(int epoch);

    /** The epochs stepped so far. */
    public int epoch() { return epoch; }

    /** Jumps to an epoch (e.g. when resuming) and applies its learning rates. */
    public void setEpoch(int value) {
        if (value < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + value);
        epoch = value;
        onEpoch(epoch);
    }

    /** The learning rate of the optimizer's first group. */
    public double currentLr() { return optimizer.lr(); }
}
