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
 * The GEMMs of one dense layer of an MLP, shape "M x K x N": a batch of M rows of K features
 * times a K x N weight. Forward Y = X W; backward dX = dY W^T and dW = X^T dY, read through the
 * transpose flags. Each does 2 M K N flops. On the {@code backend} of {@link BackendParam} ({@link BenchGemm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class MlpGemmBenchmark {
    @Param({"128x784x512", "128x512x256", "128x256x10"})
    public String shape;

    private BenchGemm forward, backwardInput, backwardWeight;

    @Setup
    public void setup(BackendParam on) {
        String[] dims = shape.split("x");
        int m = Integer.parseInt(dims[0]), k = Integer.parseInt(dims[1]), n = Integer.parseInt(dims[2]);
        float[] x = GemmGflops.random(m * k, 1), w = GemmGflops.random(k * n, 2), dy = GemmGflops.random(m * n, 3);
        forward = BenchGemm.of(on, false, false, m, n, k, x, w);
        backwardInput = BenchGemm.of(on, false, true, m, k, n, dy, w);
        backwardWeight = BenchGemm.of(on, true, false, k, n, m, x, dy);
    }

    /** Y[M x N] = X[M x K] W[K x N]. */
    @Benchmark
    public Object forward() { return forward.run(); }

    /** dX[M x K] = dY[M x N] W^T, W stored K x N. */
    @Benchmark
    public Object backwardInput() { return backwardInput.run(); }

    /** dW[K x N] = X^T dY, X stored M x K. */
    @Benchmark
    public Object backwardWeight() { return backwardWeight.run(); }
}
