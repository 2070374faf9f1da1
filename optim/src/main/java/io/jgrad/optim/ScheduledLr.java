package io.jgrad.optim;

/** Applies a closed-form {@link LrSchedule} to every group, scaled from the group's initial learning rate. */
public final class ScheduledLr extends LrScheduler {
    private final LrSchedule schedule;

    public ScheduledLr(Optimizer optimizer, LrSchedule schedule) {
        super(optimizer);
        if (schedule == null) throw new IllegalArgumentException("ScheduledLr: schedule is null");
        this.schedule = schedule;
        onEpoch(0);
    }

    @Override
    protected void onEpoch(int epoch) {
        for (ParamGroup g : optimizer.paramGroups()) g.lr(schedule.lrAt(epoch, g.initialLr()));
    }

    /** The first group's learning rate at {@code epoch}, without changing anything. */
    public double lrAt(int epoch) { return schedule.lrAt(epoch, optimizer.paramGroups().getFirst().initialLr()); }
}
