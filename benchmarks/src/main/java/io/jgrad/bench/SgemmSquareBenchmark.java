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
 * C = A * B for square float matrices on the {@code backend} ({@link BackendParam}: cpu by default, {@code -p
 * backend=cpu,cuda} for both; {@link BenchGemm} says what runs where); GFLOPS = 2 n^3 / (time per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class SgemmSquareBenchmark {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    private BenchGemm gemm;

    @Setup
    public void setup(BackendParam on) {
        gemm = BenchGemm.of(on, false, false, n, n, n, GemmGflops.random(n * n, 1), GemmGflops.random(n * n, 2));
    }

    @Benchmark
    public Object sgemm() { return gemm.run(); }
}
