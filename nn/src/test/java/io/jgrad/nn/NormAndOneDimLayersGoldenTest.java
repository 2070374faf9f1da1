package io.jgrad.nn;

import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GroupNorm, InstanceNorm1d/2d, ConvTranspose1d, MaxPool1d and AvgPool1d against PyTorch 1.13 (tools/golden/
 * normalization.py and layers_1d.py): every case through the layer classes, with the parameters loaded as a state
 * dict under PyTorch's names, output and input/parameter gradients (and the updated running statistics), F64 tight and
 * F32 loose.
 */
class NormAndOneDimLayersGoldenTest {
    @TestFactory
    List<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : new String[] {"layers/group_norm", "layers/instance_norm", "conv/conv_transpose1d", "conv/pool1d"}) {
            for (JsonObject c : Golden.cases(file + ".json")) {
                for (DType type : new DType[] {DType.F64, DType.F32}) {
                    tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> run(c, type)));
                }
            }
        }
        return tests;
    }

    private static void run(JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject inputs = c.getAsJsonObject("inputs"), params = c.getAsJsonObject("params");
        Module layer = layerFor(name, params);
        layer.to(type);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String key : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            if (inputs.has(key)) state.put(key, Golden.tensor(inputs.get(key), type));
        }
        if (inputs.has("running_mean")) state.put("num_batches_tracked", Tensor.zeros(DType.I64));
        layer.loadStateDict(state, true);
        if (params.has("use_input_stats") && !params.get("use_input_stats").getAsBoolean()) layer.eval();

        Tensor input = Golden.tensor(inputs.get("input"), type).requiresGrad(true);
        Tensor out = layer.forward(input);
        JsonObject outputs = c.getAsJsonObject("outputs");
        Golden.assertClose(outputs.get("output"), out, type, name + " output");
        Map<String, Tensor> buffers = layer.namedBuffers();
        for (String key : new String[] {"running_mean", "running_var"}) {
            if (outputs.has(key)) Golden.assertClose(outputs.get(key), buffers.get(key), type, name + " " + key);
            else if (inputs.has(key)) Golden.assertClose(inputs.get(key), buffers.get(key), type, name + " " + key + " unchanged");
        }
        if (outputs.has("running_mean")) assertEquals(1, buffers.get("num_batches_tracked").longItem(), name + " batches tracked");
        out.backward(Golden.tensor(c.get("grad_output"), type));
        JsonObject grads = c.getAsJsonObject("grads");
        Golden.assertClose(grads.get("input"), input.grad(), type, name + " d/dinput");
        Map<String, Tensor> parameters = layer.namedParameters();
        assertEquals(grads.keySet().size() - 1, parameters.size(), name + ": the layer's parameters are the case's");
        for (String key : parameters.keySet()) {
            assertTrue(grads.has(key), name + ": no gradient for " + key);
            Golden.assertClose(grads.get(key), parameters.get(key).grad(), type, name + " d/d" + key);
        }
    }

    private static int first(JsonObject p, String key) { return p.getAsJsonArray(key).get(0).getAsInt(); }

    private static Module layerFor(String name, JsonObject p) {
        if (name.startsWith("group_norm")) {
            return new GroupNorm(p.get("num_groups").getAsInt(), p.get("num_channels").getAsInt(), p.get("eps").getAsDouble(),
                    p.get("affine").getAsBoolean());
        }
        if (name.startsWith("instance_norm")) {
            int c = p.get("num_features").getAsInt();
            InstanceNorm<?> norm = name.startsWith("instance_norm1d") ? new InstanceNorm1d(c) : new InstanceNorm2d(c);
            return norm.eps(p.get("eps").getAsDouble()).momentum(p.get("momentum").getAsDouble())
                    .affine(p.get("affine").getAsBoolean()).trackRunningStats(p.get("track_running_stats").getAsBoolean());
        }
        if (name.startsWith("conv_transpose1d")) {
            ConvTranspose1d t = new ConvTranspose1d(p.get("in_channels").getAsInt(), p.get("out_channels").getAsInt(),
                    first(p, "kernel_size")).stride(first(p, "stride")).padding(first(p, "padding"))
                    .outputPadding(first(p, "output_padding")).dilation(first(p, "dilation")).groups(p.get("groups").getAsInt());
            return p.get("bias").getAsBoolean() ? t : t.withoutBias();
        }
        if (name.startsWith("max_pool1d")) {
            return new MaxPool1d(first(p, "kernel_size")).stride(first(p, "stride")).padding(first(p, "padding"))
                    .dilation(first(p, "dilation")).ceilMode(p.get("ceil_mode").getAsBoolean());
        }
        if (name.startsWith("avg_pool1d")) {
            return new AvgPool1d(first(p, "kernel_size")).stride(first(p, "stride")).padding(first(p, "padding"))
                    .ceilMode(p.get("ceil_mode").getAsBoolean()).countIncludePad(p.get("count_include_pad").getAsBoolean());
        }
        throw new IllegalStateException("no layer for golden case " + name);
    }
}
