package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Storage;
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
 * Elementwise F32 ops through the Tensor API on the {@code backend} ({@link BackendParam}; cpu-simd by default): a
 * binary op with a broadcast bias, ReLU and its gradient's masked select, exp. Sizes: one MLP activation (128 x 512)
 * and a large tensor (1024 x 1024). Each op's result is released and the backend synchronised before the op returns;
 * the composed ReLU gradient, which creates temporaries of its own, runs in a {@link io.jgrad.Scope}.
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

    private BackendParam on;
    private Tensor x, y, bias;

    @Setup
    public void setup(BackendParam on) {
        this.on = on;
        String[] d = shape.split("x");
        int rows = Integer.parseInt(d[0]), cols = Integer.parseInt(d[1]);
        Generator g = new Generator(1);
        x = Tensor.randn(on.device(), g, DType.F32, rows, cols);
        y = Tensor.randn(on.device(), g, DType.F32, rows, cols);
        bias = Tensor.randn(on.device(), g, DType.F32, cols);
    }

    @Benchmark public Tensor add() { return on.finish(x.add(y)); }

    /** A [cols] bias broadcast over the rows. */
    @Benchmark public Tensor addBroadcastRow() { return on.finish(x.add(bias)); }

    @Benchmark public Tensor relu() { return on.finish(x.relu()); }

    /** ReLU's backward composed of a compare and a select: the gradient with zeros where the input was {@code <= 0}. */
    @Benchmark public Tensor reluBackwardMask() {
        try (io.jgrad.Scope temporaries = io.jgrad.Scope.open()) {
            Tensor result = y.maskedFill(x.le(0), 0);
            on.get().synchronize();
            return result;
        }
    }

    /** ReLU's backward as autograd runs it: one fused pass ({@code Backend.reluBackward}). */
    @Benchmark public Storage reluBackwardFused() {
        return on.finish(x.backend().reluBackward(y.storage(), y.layout(), x.storage(), x.layout()));
    }

    @Benchmark public Tensor exp() { return on.finish(x.exp()); }
}
