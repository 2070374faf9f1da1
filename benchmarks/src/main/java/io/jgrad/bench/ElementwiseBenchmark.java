package io.jgrad.bench;

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
 * Elementwise F32 ops through the Tensor API on the default (cpu-simd) backend: a binary op with a broadcast bias,
 * ReLU and its gradient's masked select, exp. Sizes: one MLP activation (128 x 512) and a large tensor (1024 x 1024).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ElementwiseBenchmark {
    @Param({"128x512", "1024x1024"})
    public String shape;

    private Tensor x, y, bias;

    @Setup
    public void setup() {
        String[] d = shape.split("x");
        int rows = Integer.parseInt(d[0]), cols = Integer.parseInt(d[1]);
        Generator g = new Generator(1);
        x = Tensor.randn(g, rows, cols);
        y = Tensor.randn(g, rows, cols);
        bias = Tensor.randn(g, cols);
    }

    @Benchmark public Tensor add() { return x.add(y); }

    /** A [cols] bias broadcast over the rows. */
    @Benchmark public Tensor addBroadcastRow() { return x.add(bias); }

    @Benchmark public Tensor relu() { return x.relu(); }

    /** ReLU's backward composed of a compare and a select: the gradient with zeros where the input was {@code <= 0}. */
    @Benchmark public Tensor reluBackwardMask() { return y.maskedFill(x.le(0), 0); }

    /** ReLU's backward as autograd runs it: one fused pass ({@code Backend.reluBackward}). */
    @Benchmark public io.jgrad.backend.Storage reluBackwardFused() {
        return x.backend().reluBackward(y.storage(), y.layout(), x.storage(), x.layout());
    }

    @Benchmark public Tensor exp() { return x.exp(); }
}
