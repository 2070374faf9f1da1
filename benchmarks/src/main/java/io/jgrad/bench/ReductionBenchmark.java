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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reductions and softmax over F32 matrices through the Tensor API: the sum over rows (a bias gradient, one value per
 * column), the sum over columns (one value per row), and softmax / log-softmax along the last axis (10 classes as in
 * the MLP's loss, 1000 as in an ImageNet head). On the {@code backend} ({@link BackendParam}); each result is released
 * and the backend synchronised before the op returns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ReductionBenchmark {
    @Param({"128x10", "128x512", "1024x1000"})
    public String shape;

    private BackendParam on;
    private Tensor x;

    @Setup
    public void setup(BackendParam on) {
        this.on = on;
        String[] d = shape.split("x");
        x = Tensor.randn(on.device(), new Generator(2), DType.F32, Integer.parseInt(d[0]), Integer.parseInt(d[1]));
    }

    /** Sum over the rows (axis 0): one value per column. */
    @Benchmark public Tensor sumRows() { return on.finish(x.sum(0, false)); }

    /** Sum over the columns (axis 1): one value per row. */
    @Benchmark public Tensor sumColumns() { return on.finish(x.sum(1, false)); }

    @Benchmark public Tensor softmax() { return on.finish(x.softmax(1)); }

    @Benchmark public Tensor logSoftmax() { return on.finish(x.logSoftmax(1)); }
}
