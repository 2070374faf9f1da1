package io.jgrad.conv;

import io.jgrad.BatchNormOptions;
import io.jgrad.Conv1dOptions;
import io.jgrad.Conv2dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs and gradients against PyTorch 1.13 (float64), in F64 and F32, for every case of the conv golden files. */
class ConvGoldenTest {
    static Stream<GoldenCase> cases(String file) {
        return Stream.of(DType.F64, DType.F32).flatMap(d -> GoldenCase.all(file, d).stream());
    }

    static Stream<GoldenCase> conv2d() { return cases("conv2d.json"); }

    static Stream<GoldenCase> conv1d() { return cases("conv1d.json"); }

    static Stream<GoldenCase> convTranspose2d() { return cases("conv_transpose2d.json"); }

    static Stream<GoldenCase> pool() { return cases("pool.json"); }

    static Stream<GoldenCase> batchNorm() { return cases("batch_norm.json"); }

    static Stream<GoldenCase> upsample() { return cases("upsample.json"); }

    static Stream<GoldenCase> resnetBlock() { return cases("resnet_block.json"); }

    private static Map<String, Tensor> inputs(GoldenCase c, String... keys) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String k : keys) if (c.hasInput(k)) m.put(k, c.input(k));
        return m;
    }

    private static void finish(GoldenCase c, Tensor out, Map<String, Tensor> in) {
        c.assertOutput("output", out);
        c.backward(out);
        c.assertGrads(in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conv2d")
    void conv2d(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input", "weight", "bias");
        int[] s = c.intPair("stride"), p = c.intPair("padding"), d = c.intPair("dilation");
        Conv2dOptions o = Conv2dOptions.defaults().stride(s[0], s[1]).padding(p[0], p[1]).dilation(d[0], d[1]).groups(c.intParam("groups"));
        finish(c, F.conv2d(in.get("input"), in.get("weight"), in.get("bias"), o), in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conv1d")
    void conv1d(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input", "weight", "bias");
        Conv1dOptions o = Conv1dOptions.defaults().stride(c.intPair("stride")[0]).padding(c.intPair("padding")[0])
                .dilation(c.intPair("dilation")[0]).groups(c.intParam("groups"));
        finish(c, F.conv1d(in.get("input"), in.get("weight"), in.get("bias"), o), in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convTranspose2d")
    void convTranspose2d(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input", "weight", "bias");
        int[] s = c.intPair("stride"), p = c.intPair("padding"), op = c.intPair("output_padding"), d = c.intPair("dilation");
        ConvTranspose2dOptions o = ConvTranspose2dOptions.defaults().stride(s[0], s[1]).padding(p[0], p[1])
                .outputPadding(op[0], op[1]).dilation(d[0], d[1]).groups(c.intParam("groups"));
        finish(c, F.convTranspose2d(in.get("input"), in.get("weight"), in.get("bias"), o), in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pool")
    void pool(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input");
        Tensor x = in.get("input");
        Tensor out;
        if (c.name().startsWith("adaptive_avg_pool2d")) {
            int[] size = c.intPair("output_size");
            out = F.adaptiveAvgPool2d(x, size[0], size[1]);
        } else {
            int[] k = c.intPair("kernel_size"), s = c.intPair("stride"), p = c.intPair("padding");
            Pool2dOptions o = Pool2dOptions.kernel(k[0], k[1]).stride(s[0], s[1]).padding(p[0], p[1]).ceilMode(c.boolParam("ceil_mode"));
            if (c.name().startsWith("max_pool2d")) {
                int[] d = c.intPair("dilation");
                out = F.maxPool2d(x, o.dilation(d[0], d[1]));
            } else {
                out = F.avgPool2d(x, o.countIncludePad(c.boolParam("count_include_pad")));
            }
        }
        finish(c, out, in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batchNorm")
    void batchNorm(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input", "weight", "bias");
        Tensor runningMean = c.input("running_mean"), runningVar = c.input("running_var");
        BatchNormOptions o = (c.boolParam("training") ? BatchNormOptions.train() : BatchNormOptions.eval())
                .momentum(c.doubleParam("momentum")).eps(c.doubleParam("eps"));
        Tensor out = F.batchNorm(in.get("input"), runningMean, runningVar, in.get("weight"), in.get("bias"), o);
        if (c.boolParam("training")) {
            c.assertOutput("running_mean", runningMean);
            c.assertOutput("running_var", runningVar);
        } else {
            Tensor expectedMean = c.input("running_mean");
            assertTrue(runningMean.equalValues(expectedMean), c + ": eval mode changed running_mean");
        }
        finish(c, out, in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upsample")
    void upsample(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input");
        Tensor out = c.hasParam("size") ? F.upsampleNearest(in.get("input"), c.intPair("size"))
                : F.upsampleNearest(in.get("input"), c.doubleParam("scale_factor"));
        finish(c, out, in);
    }

    /** relu(bn2(conv2(relu(bn1(conv1(x))))) + bn_sc(conv_sc(x))), all batch norms in training mode. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("resnetBlock")
    void resnetBlock(GoldenCase c) {
        Map<String, Tensor> in = inputs(c, "input", "conv1_weight", "bn1_weight", "bn1_bias", "conv2_weight", "bn2_weight",
                "bn2_bias", "shortcut_conv_weight", "shortcut_bn_weight", "shortcut_bn_bias");
        int stride = c.intParam("stride"), channels = c.intParam("out_channels");
        BatchNormOptions bn = BatchNormOptions.train().momentum(c.doubleParam("bn_momentum")).eps(c.doubleParam("bn_eps"));
        Map<String, Tensor> stats = new LinkedHashMap<>();
        for (String name : List.of("bn1", "bn2", "shortcut_bn")) {
            stats.put(name + "_running_mean", Tensor.full(c.dtype(), c.doubleParam("bn_initial_running_mean"), channels));
            stats.put(name + "_running_var", Tensor.full(c.dtype(), c.doubleParam("bn_initial_running_var"), channels));
        }
        Tensor x = in.get("input");
        Tensor h = F.conv2d(x, in.get("conv1_weight"), null, Conv2dOptions.defaults().stride(stride).padding(1));
        h = F.batchNorm(h, stats.get("bn1_running_mean"), stats.get("bn1_running_var"), in.get("bn1_weight"), in.get("bn1_bias"), bn).relu();
        h = F.conv2d(h, in.get("conv2_weight"), null, Conv2dOptions.defaults().padding(1));
        h = F.batchNorm(h, stats.get("bn2_running_mean"), stats.get("bn2_running_var"), in.get("bn2_weight"), in.get("bn2_bias"), bn);
        Tensor sc = F.conv2d(x, in.get("shortcut_conv_weight"), null, Conv2dOptions.defaults().stride(stride));
        sc = F.batchNorm(sc, stats.get("shortcut_bn_running_mean"), stats.get("shortcut_bn_running_var"),
                in.get("shortcut_bn_weight"), in.get("shortcut_bn_bias"), bn);
        Tensor out = h.add(sc).relu();
        for (var e : stats.entrySet()) c.assertOutput(e.getKey(), e.getValue());
        finish(c, out, in);
    }
}
