package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;
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

import java.util.concurrent.TimeUnit;

/**
 * Scaled dot-product attention through the backend SPI of the {@code backend} ({@link BackendParam}): forward
 * ({@link Backend#attention}, output and log-sum-exp) and backward ({@link Backend#attentionBackward}, the three
 * gradients), F32, batch 32 and 4 heads of 64 features as in transformer-train, at {@code length} 128 (that
 * workload, batch 32) and 512 (batch 4, where blocking matters), causal or not. Each does about 4 B H T^2 D flops forward and twice that
 * backward (half of it with {@code causal}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class AttentionBenchmark {
    @Param({"128", "512"})
    public int length;

    @Param({"false", "true"})
    public boolean causal;

    private BackendParam on;
    private Backend backend;
    private AttentionParams params;
    private Tensor q, k, v, g, out, lse;

    @Setup
    public void setup(BackendParam on) {
        this.on = on;
        backend = on.get();
        Generator gen = new Generator(1);
        int batch = length == 128 ? 32 : 4;
        q = Tensor.randn(on.device(), gen, DType.F32, batch, 4, length, 64);
        k = Tensor.randn(on.device(), gen, DType.F32, batch, 4, length, 64);
        v = Tensor.randn(on.device(), gen, DType.F32, batch, 4, length, 64);
        g = Tensor.randn(on.device(), gen, DType.F32, batch, 4, length, 64);
        params = AttentionParams.of(0.125, causal);
        AttentionResult r = backend.attention(q.storage(), q.layout(), k.storage(), k.layout(), v.storage(), v.layout(),
                null, null, params);
        out = Tensor.fromStorage(r.output(), Layout.contiguous(q.shape()), backend);
        lse = Tensor.fromStorage(r.logsumexp(), Layout.contiguous(Shape.of(batch, 4, length)), backend);
    }

    @Benchmark
    public AttentionResult forward() {
        AttentionResult r = backend.attention(q.storage(), q.layout(), k.storage(), k.layout(), v.storage(), v.layout(),
                null, null, params);
        on.finish(r.logsumexp());
        on.finish(r.output());
        return r;
    }

    @Benchmark
    public AttentionGradients backward() {
        AttentionGradients r = backend.attentionBackward(g.storage(), g.layout(), q.storage(), q.layout(), k.storage(),
                k.layout(), v.storage(), v.layout(), null, null, out.storage(), out.layout(), lse.storage(), lse.layout(),
                params);
        on.finish(r.q());
        on.finish(r.k());
        on.finish(r.v());
        return r;
    }
}
