package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole training step of the fashion-mlp model (784-512-256-10 ReLU, Adam, cross-entropy, batch 128): zeroGrad,
 * forward, loss, backward, optimizer step, as {@link TrainThroughput} runs it, on random inputs in [0, 1) so that
 * no dataset is needed. Samples/s = 128 / (the time per step); {@code -prof gc} adds the allocation per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1) // the first steps run interpreted while C2 compiles the kernels (seconds each)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class MlpTrainStepBenchmark {
    private TrainThroughput.Loop loop;
    private long step;

    @Setup
    public void setup() {
        Generator g = new Generator(3);
        int n = 128 * 16;
        var data = new TrainThroughput.Dataset(Tensor.rand(g, n, 1, 28, 28), Tensor.randint(g, 0, 10, n).to(DType.I64));
        loop = new TrainThroughput.Loop("mlp-train", data, 128, g);
    }

    @Benchmark
    public double trainStep() {
        loop.step(step++);
        return loop.lastLoss;
    }
}
