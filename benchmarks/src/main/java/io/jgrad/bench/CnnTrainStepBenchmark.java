package io.jgrad.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole training step of the fashion-cnn model (3x3 conv 1-32, ReLU, 2x2 max pool, conv 32-64, ReLU, max pool,
 * dense 128, ReLU, dense 10; Adam, cross-entropy; batch 128 and 256) on the {@code backend} ({@link BackendParam}): a
 * scope, zeroGrad, forward, loss, backward, optimizer step, then the backend synchronised
 * ({@link SyntheticTrainingLoop}). Samples/s = batch / (the time per step); {@code -prof gc} adds the allocation per
 * step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1) // the first steps run interpreted while C2 compiles the kernels (seconds each)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class CnnTrainStepBenchmark {
    @Param({"128", "256"})
    public int batch;

    private BackendParam on;
    private GpuSideBySide.TrainingLoop loop;

    @Setup
    public void setup(BackendParam on) {
        this.on = on;
        loop = SyntheticTrainingLoop.create("cnn-train", on.device(), batch);
    }

    @Benchmark
    public void trainStep() {
        loop.step();
        on.get().synchronize();
    }
}
