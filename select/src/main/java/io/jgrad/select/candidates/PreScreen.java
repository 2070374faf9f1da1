package io.jgrad.select.candidates;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.select.Budget;
import io.jgrad.select.PreparedData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Step 2 of the method: each family's default configuration is built, its cost estimated ({@link CostEstimate}) and
 * measured ({@link Probe}) on a batch of the training data, and checked against the {@link Budget}; families that
 * cannot fit are dropped with the reason. On time, only a family of which one epoch would overrun the time left is
 * dropped here: the probe's figures are upper bounds, so the selector decides the rest of the time budget as it
 * measures the real training times.
 */
public final class PreScreen {
    private PreScreen() {}

    /**
     * The outcome: the survivors in the families' order, and what was dropped.
     *
     * @param survivors families to compare
     * @param dropped   families left out, with reasons
     */
    public record Result(List<Screened> survivors, List<Dropped> dropped) {
        /** Copies the lists. */
        public Result {
            survivors = List.copyOf(survivors);
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * Screens {@code families} for {@code data}, probing on the first rows of {@code trainingRows}; a family of which
     * one training epoch would take longer than {@code timeLeft} is dropped too.
     */
    public static Result run(List<CandidateFamily> families, PreparedData data, int[] trainingRows, Budget budget,
                             Supplier<Duration> timeLeft, ScreeningPlan plan, long seed) {
        List<Screened> survivors = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        for (CandidateFamily family : families) {
            Optional<String> unavailable = family.unavailableReason();
            if (unavailable.isPresent()) {
                dropped.add(new Dropped(family.name(), family.description(), Dropped.Kind.UNAVAILABLE,
                        unavailable.get(), null, null));
                continue;
            }
            Hyperparameters config = family.space().defaults();
            CostEstimate cost = null;
            Probe probe = null;
            try {
                FeatureEncoding encoding = family.encoding(config);
                Module model = CandidateRecipe.build(family, data.profile(), config, seed);
                int batch = Math.min(config.intValue("batch_size"), trainingRows.length);
                cost = CostEstimate.of(model, encoding.encodedShape(data.profile().inputShape()),
                        encoding.encodedType(data.inputs().dtype()), batch);
                Optional<String> over = exceedsModelLimits(cost, budget);
                if (over.isEmpty()) {
                    Tensor rows = rows(trainingRows, batch);
                    Tensor x = encoding.apply(data.inputs().indexSelect(0, rows));
                    Tensor y = data.targets().indexSelect(0, rows);
                    probe = Probe.measure(model, CandidateRecipe.optimizer(model, config),
                            CandidateRecipe.loss(data.profile().task()), x, y, plan.probeSteps());
                    over = exceedsLatency(probe, budget);
                }
                int batchSize = config.intValue("batch_size");
                double seconds = probe == null ? 0 : plan.estimatedSeconds(probe.secondsPerStep(), batchSize);
                double left = Math.max(0, timeLeft.get().toNanos() / 1e9);
                if (over.isEmpty() && plan.epochSeconds(probe.secondsPerStep(), batchSize) > left) {
                    over = Optional.of("one training epoch takes about "
                            + Budget.readableSeconds(plan.epochSeconds(probe.secondsPerStep(), batchSize)) + " ("
                            + Budget.readableSeconds(probe.secondsPerStep()) + " a step), more than the "
                            + Budget.readableSeconds(left) + " left of the wall-clock budget: raise the budget's time");
                }
                if (over.isPresent()) {
                    dropped.add(new Dropped(family.name(), family.description(), Dropped.Kind.OVER_BUDGET, over.get(),
                            cost, probe));
                } else {
                    survivors.add(new Screened(family, config, cost, probe, seconds));
                }
            } catch (RuntimeException e) {
                dropped.add(new Dropped(family.name(), family.description(), Dropped.Kind.FAILED,
                        "could not be built or probed: " + e.getMessage(), cost, probe));
            }
        }
        return new Result(survivors, dropped);
    }

    /** Why {@code cost} exceeds the budget's parameter or memory limit, naming the limit to raise, or empty. */
    public static Optional<String> exceedsModelLimits(CostEstimate cost, Budget budget) {
        if (cost.parameters() > budget.maxParameters()) {
            return Optional.of(String.format(Locale.ROOT, "%,d parameters, more than the budget's %,d: raise the"
                    + " parameter limit", cost.parameters(), budget.maxParameters()));
        }
        if (cost.trainingMemoryBytes() > budget.maxMemoryBytes()) {
            return Optional.of(String.format(Locale.ROOT, "needs about %,d bytes to train, more than the budget's %,d:"
                    + " raise the memory limit", cost.trainingMemoryBytes(), budget.maxMemoryBytes()));
        }
        return Optional.empty();
    }

    /** Why the measured latency exceeds the budget's limit, or empty. */
    public static Optional<String> exceedsLatency(Probe probe, Budget budget) {
        if (probe.latencyNanosPerSample() > budget.maxLatencyNanos()) {
            return Optional.of(String.format(Locale.ROOT, "measured %.3f ms per example, more than the budget's %.3f"
                    + " ms: raise the latency limit", probe.latencyNanosPerSample() / 1e6,
                    budget.maxLatencyNanos() / 1e6));
        }
        return Optional.empty();
    }

    private static Tensor rows(int[] rows, int count) {
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) idx[i] = rows[i];
        return Tensor.wrap(idx, Shape.of(count));
    }
}
