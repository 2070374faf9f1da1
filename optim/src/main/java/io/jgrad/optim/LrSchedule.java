package io.jgrad.optim;

import java.util.Arrays;
import java.util.List;

/**
 * A learning rate as a function of the epoch (counted from 0) and the group's initial learning rate, in closed form.
 * Stepped once per optimizer step instead ({@code LrSchedulerCallback.perBatch} in jgrad-train), the same schedules
 * count steps: {@code warmupThen(500, 0.01, cosine(total - 500, 0))} warms up over 500 steps.
 * Bind one to an optimizer with {@link #bind}; compose with {@link #sequential} (e.g. linear warmup, then cosine).
 * The formulas are PyTorch 1.13's schedulers'.
 */
@FunctionalInterface
public interface LrSchedule {
    double lrAt(int epoch, double baseLr);

    /** A scheduler that sets the optimizer's learning rates from this schedule (epoch 0 applied now). */
    default LrScheduler bind(Optimizer optimizer) { return new ScheduledLr(optimizer, this); }

    static LrSchedule constant() { return (epoch, base) -> base; }

    /** {@code base * gamma^(epoch / stepSize)} (integer division), as StepLR. */
    static LrSchedule step(int stepSize, double gamma) {
        if (stepSize <= 0) throw new IllegalArgumentException("step schedule: stepSize must be positive, got " + stepSize);
        return (epoch, base) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /** {@code base * gamma^(number of milestones <= epoch)}, as MultiStepLR. */
    static LrSchedule multiStep(int[] milestones, double gamma) {
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        return (epoch, base) -> {
            int passed = 0;
            for (int m : sorted) if (m <= epoch) passed++;
            return base * Math.pow(gamma, passed);
        };
    }

    /** {@code base * gamma^epoch}, as ExponentialLR. */
    static LrSchedule exponential(double gamma) { return (epoch, base) -> base * Math.pow(gamma, epoch); }

    /**
     * {@code etaMin + (base - etaMin) (1 + cos(pi epoch / tMax)) / 2}, as CosineAnnealingLR (whose recursive update
     * equals this to rounding). Past {@code tMax} it rises again, with period {@code 2 tMax}, as PyTorch's does.
     */
    static LrSchedule cosine(int tMax, double etaMin) {
        if (tMax <= 0) throw new IllegalArgumentException("cosine schedule: tMax must be positive, got " + tMax);
        return (epoch, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    /**
     * The base lr times a factor going linearly from {@code startFactor} (epoch 0) to {@code endFactor} (epoch
     * {@code totalIters}) and staying there, as LinearLR. With endFactor 1 this is a linear warmup.
     */
    static LrSchedule linear(double startFactor, double endFactor, int totalIters) {
        if (totalIters <= 0) throw new IllegalArgumentException("linear schedule: totalIters must be positive, got " + totalIters);
        return (epoch, base) -> {
            int e = Math.min(epoch, totalIters);
            return base * (startFactor + (endFactor - startFactor) * e / totalIters);
        };
    }

    /** Linear warmup from {@code startFactor * base} to base over {@code epochs}, then {@code after} (its epoch 0 at the end of warmup). */
    static LrSchedule warmupThen(int epochs, double startFactor, LrSchedule after) {
        return sequential(List.of(linear(startFactor, 1.0, epochs), after), epochs);
    }

    /**
     * Schedule i runs from milestone i-1 (0 for the first) with its own epoch counter starting at 0 and the group's
     * initial lr as its base, as SequentialLR.
     */
    static LrSchedule sequential(List<LrSchedule> schedules, int... milestones) {
        if (schedules.size() != milestones.length + 1) {
            throw new IllegalArgumentException("sequential schedule: " + schedules.size() + " schedules need "
                    + (schedules.size() - 1) + " milestones, got " + milestones.length);
        }
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] <= milestones[i - 1]) throw new IllegalArgumentException("sequential schedule: milestones must increase: " + Arrays.toString(milestones));
        }
        List<LrSchedule> copy = List.copyOf(schedules);
        int[] ms = milestones.clone();
        return (epoch, base) -> {
            int i = 0;
            while (i < ms.length && epoch >= ms[i]) i++;
            int start = i == 0 ? 0 : ms[i - 1];
            return copy.get(i).lrAt(epoch - start, base);
        };
    }
}
