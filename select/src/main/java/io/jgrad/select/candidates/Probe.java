package io.jgrad.select.candidates;

import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Optimizer;

/**
 * A candidate's cost as measured on the backend that will train it: the time of one training step (forward,
 * backward, Adam update) on a batch, and the inference latency for one example (batch of one, eval mode, no graph).
 *
 * <p>Each measurement follows a warm-up (4 runs per timed run, at least 3, cut short after 2 s) and takes the fastest
 * timed run. Early in a JVM's life the code is still being compiled, so the figures are upper bounds (several times
 * the steady state in a fresh JVM): the {@link io.jgrad.select.Selector} rescales its time estimates by the times it
 * then measures.
 *
 * @param secondsPerStep        the fastest timed training step
 * @param latencyNanosPerSample the fastest timed forward pass on one example
 */
public record Probe(double secondsPerStep, long latencyNanosPerSample) {
    private static final int WARMUP_PER_RUN = 4;
    private static final int MIN_WARMUP = 3;
    private static final double WARMUP_SECONDS = 2;
    private static final int LATENCY_RUNS = 5;

    /**
     * Trains {@code model} for the warm-up and {@code steps} timed steps on the batch {@code (x, y)} and times
     * single-example inference. The model's weights change: probe a model built for the purpose.
     */
    @SuppressWarnings("try") // the scopes set the grad mode and release each run's tensors; they are not read
    public static Probe measure(Module model, Optimizer optimizer, Loss loss, Tensor x, Tensor y, int steps) {
        if (steps < 1) throw new IllegalArgumentException("Probe: steps must be >= 1, got " + steps);
        model.train();
        double stepSeconds = fastest(steps, () -> trainStep(model, optimizer, loss, x, y));
        model.eval();
        Tensor one = x.slice(0, 0, 1);
        double latency;
        try (var g = Grad.off()) {
            latency = fastest(LATENCY_RUNS, () -> {
                try (Scope run = Scope.open()) {
                    model.call(one).toFloatArray(); // read back: the time includes finishing the work
                }
            });
        }
        model.train();
        return new Probe(stepSeconds, Math.round(latency * 1e9));
    }

    @SuppressWarnings("try") // the scopes release the step's tensors and set the grad mode; they are not read
    private static void trainStep(Module model, Optimizer optimizer, Loss loss, Tensor x, Tensor y) {
        try (Scope step = Scope.open(); var g = Grad.on()) {
            optimizer.zeroGrad();
            loss.compute(model.call(x), y).backward();
            optimizer.step();
            optimizer.zeroGrad();
        }
    }

    /** The fastest of {@code runs} timed runs of {@code work} after the warm-up, in seconds. */
    private static double fastest(int runs, Runnable work) {
        long warmupEnd = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        int warmup = Math.max(MIN_WARMUP, WARMUP_PER_RUN * runs);
        for (int i = 0; i < warmup && (i < MIN_WARMUP || System.nanoTime() < warmupEnd); i++) work.run();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
