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

/**
 * The GEMMs of one dense layer of an MLP, shape "M x K x N": a batch of M rows of K features
 * times a K x N weight. Forward Y = X W; backward dX = dY W^T and dW = X^T dY, read through the
 * transpose flags. Each does 2 M K N flops.
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

    private int m, k, n;
    private float[] x, w, y, dy, dx, dw;

    @Setup
    public void setup() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        x = GemmGflops.random(m * k, 1);
        w = GemmGflops.random(k * n, 2);
        dy = GemmGflops.random(m * n, 3);
        y = new float[m * n];
        dx = new float[m * k];
        dw = new float[k * n];
    }

    /** Y[M x N] = X[M x K] W[K x N]. */
    @Benchmark
    public float[] forward() {
        Sgemm.matmul(false, false, m, n, k, x, w, y);
        return y;
    }

    /** dX[M x K] = dY[M x N] W^T, W stored K x N. */
    @Benchmark
    public float[] backwardInput() {
        Sgemm.matmul(false, true, m, k, n, dy, w, dx);
        return dx;
    }

    /** dW[K x N] = X^T dY, X stored M x K. */
    @Benchmark
    public float[] backwardWeight() {
        Sgemm.matmul(true, false, k, n, m, x, dy, dw);
        return dw;
    }
}
