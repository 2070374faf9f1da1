package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.RecurrenceGradients;
import io.jgrad.backend.RecurrenceResult;
import io.jgrad.backend.RecurrentCell;
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
 * The fused LSTM recurrence of the {@code backend} ({@link BackendParam}; cpu-simd by default) at lstm-train's size
 * (batch 64, hidden 256): forward ({@code Backend.recurrence}) and backward through time
 * ({@code Backend.recurrenceBackward}) over {@code steps} steps, 1 being a single cell step (its GEMM
 * {@code [64, 256] x [256, 1024]} and one pass over the gates). The input projection is not included (it is one GEMM
 * over all steps, done by the layer). Results are released and the backend synchronised before each call returns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class LstmCellBenchmark {
    private static final int BATCH = 64, HIDDEN = 256;

    @Param({"1", "64"})
    public int steps;

    private BackendParam on;
    private Backend backend;
    private Tensor xProj, w, bias, h0, c0, gradOut;
    private RecurrenceResult forward;

    @Setup
    public void setup(BackendParam on) {
        this.on = on;
        backend = on.get();
        Generator g = new Generator(1);
        int width = 4 * HIDDEN;
        xProj = Tensor.randn(on.device(), g, DType.F32, steps, BATCH, width);
        w = Tensor.randn(on.device(), g, DType.F32, width, HIDDEN).mul(1 / Math.sqrt(HIDDEN));
        bias = Tensor.randn(on.device(), g, DType.F32, width);
        h0 = Tensor.randn(on.device(), g, DType.F32, BATCH, HIDDEN);
        c0 = Tensor.randn(on.device(), g, DType.F32, BATCH, HIDDEN);
        gradOut = Tensor.randn(on.device(), g, DType.F32, steps, BATCH, 2 * HIDDEN);
        forward = run();
    }

    private RecurrenceResult run() {
        return backend.recurrence(RecurrentCell.LSTM, false, xProj.storage(), xProj.layout(), w.storage(), w.layout(),
                bias.storage(), bias.layout(), h0.storage(), h0.layout(), c0.storage(), c0.layout(), null, null);
    }

    @Benchmark
    public RecurrenceResult forward() {
        RecurrenceResult r = run();
        backend.synchronize();
        r.output().close();
        r.saved().close();
        return r;
    }

    @Benchmark
    public RecurrenceGradients backward() {
        Layout saved = Layout.contiguous(Shape.of(steps, BATCH, RecurrentCell.LSTM.savedWidth(HIDDEN)));
        RecurrenceGradients g = backend.recurrenceBackward(RecurrentCell.LSTM, false, gradOut.storage(), gradOut.layout(),
                forward.saved(), saved, w.storage(), w.layout(), null, null);
        backend.synchronize();
        g.inputProjection().close();
        g.h0().close();
        g.c0().close();
        return g;
    }
}
