package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.Storage;
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
 * The two convolutions of the fashion-cnn model at batch 128 (3x3, padding 1): "1x32x28" is 1 -> 32 channels on
 * 28x28, "32x64x14" is 32 -> 64 on 14x14. Forward, the input gradient and the weight gradient through the backend
 * SPI of the {@code backend} ({@link BackendParam}; the kernels the trainer runs, without autograd bookkeeping), each
 * result released and the backend synchronised before the op returns. Each does 2 N O C 9 H W flops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ConvBenchmark {
    @Param({"1x32x28", "32x64x14"})
    public String layer;

    private BackendParam on;
    private Backend backend;
    private final Conv2dParams params = new Conv2dParams(1, 1, 1, 1, 1, 1, 1);
    private Tensor x, w, gy;
    private Shape inputShape, weightShape;

    @Setup
    public void setup(BackendParam on) {
        this.on = on;
        backend = on.get();
        String[] d = layer.split("x");
        int c = Integer.parseInt(d[0]), o = Integer.parseInt(d[1]), hw = Integer.parseInt(d[2]);
        Generator g = new Generator(1);
        x = Tensor.randn(on.device(), g, DType.F32, 128, c, hw, hw);
        w = Tensor.randn(on.device(), g, DType.F32, o, c, 3, 3);
        gy = Tensor.randn(on.device(), g, DType.F32, 128, o, hw, hw);
        inputShape = x.shape();
        weightShape = w.shape();
    }

    @Benchmark
    public Storage forward() {
        return on.finish(backend.conv2d(x.storage(), x.layout(), w.storage(), w.layout(), params));
    }

    @Benchmark
    public Storage backwardInput() {
        return on.finish(
                backend.conv2dBackwardInput(gy.storage(), gy.layout(), w.storage(), w.layout(), inputShape, params));
    }

    @Benchmark
    public Storage backwardWeight() {
        return on.finish(
                backend.conv2dBackwardWeight(gy.storage(), gy.layout(), x.storage(), x.layout(), weightShape, params));
    }
}
