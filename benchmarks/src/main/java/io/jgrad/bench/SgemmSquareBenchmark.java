package io.jgrad.bench;

import io.jgrad.cpu.gemm.Sgemm;
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

/** C = A * B for square float matrices; GFLOPS = 2 n^3 / (time per op). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class SgemmSquareBenchmark {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    private float[] a, b, c;

    @Setup
    public void setup() {
        a = GemmGflops.random(n * n, 1);
        b = GemmGflops.random(n * n, 2);
        c = new float[n * n];
    }

    @Benchmark
    public float[] sgemm() {
        Sgemm.matmul(false, false, n, n, n, a, b, c);
        return c;
    }
}
