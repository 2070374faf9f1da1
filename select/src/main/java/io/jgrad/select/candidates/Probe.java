package io.jgrad.select.candidates;

import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Optimizer;

import java.util.Arrays;

/**
 * A candidate's cost as measured on the backend that will train it: the time of one training step (forward,
 * backward, Adam update) on a batch, and the inference latency for one example (batch of one, eval mode, no graph).
 *
 * @param secondsPerStep       the median time of the timed training steps
 * @param latencyNanosPerSample the median time of a forward pass on one example
 */
public record Probe(double secondsPerStep, long latencyNanosPerSample) {
    private static final int LATENCY_RUNS = 5;

    /**
     * Trains {@code model} for one warm-up and {@code steps} timed steps on the batch {@code (x, y)} and times
     * single-example inference. The model's weights change: probe a model built for the purpose.
     */
    @SuppressWarnings("try") // the scopes release each step's tensors and set the grad mode; they are not read
    public static Probe measure(Module model, Optimizer optimizer, Loss loss, Tensor x, Tensor y, int steps) {
        if (steps < 1) throw new IllegalArgumentException("Probe: steps must be >= 1, got " + steps);
        model.train();
        double[] stepSeconds = new double[steps];
        for (int s = -1; s < steps; s++) {
            long start = System.nanoTime();
            try (Scope step = Scope.open(); var g = Grad.on()) {
                optimizer.zeroGrad();
                loss.compute(model.call(x), y).backward();
                optimizer.step();
                optimizer.zeroGrad();
            }
            if (s >= 0) stepSeconds[s] = (System.nanoTime() - start) / 1e9;
        }
        model.eval();
        Tensor one = x.slice(0, 0, 1);
        long[] latency = new long[LATENCY_RUNS];
        try (var g = Grad.off()) {
            for (int r = -1; r < LATENCY_RUNS; r++) {
                long start = System.nanoTime();
                try (Scope run = Scope.open()) {
                    model.call(one).toFloatArray(); // read back: the time includes finishing the work
                }
                if (r >= 0) latency[r] = System.nanoTime() - start;
            }
        }
        model.train();
        return new Probe(median(stepSeconds), median(latency));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
