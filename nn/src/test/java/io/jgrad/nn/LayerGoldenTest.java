package io.jgrad.nn;

import com.google.gson.JsonArray;
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

/** Every case in golden/layers/*.json through the layer classes: output and gradients, F64 tight and F32 loose. */
class LayerGoldenTest {
    @TestFactory
    List<DynamicTest> everyLayerCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : new String[] {"activations", "linear", "layer_norm"}) {
            for (JsonObject c : Golden.cases("layers/" + file + ".json")) {
                for (DType type : new DType[] {DType.F64, DType.F32}) {
                    tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> run(c, type)));
                }
            }
        }
        return tests;
    }

    private static void run(JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject inputs = c.getAsJsonObject("inputs");
        Module layer = layerFor(name, c.getAsJsonObject("params"), inputs.has("weight"));
        layer.to(type);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String key : new String[] {"weight", "bias"}) if (inputs.has(key)) state.put(key, Golden.tensor(inputs.get(key), type));
        layer.loadStateDict(state, true);

        Tensor input = Golden.tensor(inputs.get("input"), type).requiresGrad(true);
        Tensor out = layer.forward(input);
        Golden.assertClose(c.getAsJsonObject("outputs").get("output"), out, type, name + " output");
        out.backward(Golden.tensor(c.get("grad_output"), type));
        JsonObject grads = c.getAsJsonObject("grads");
        Golden.assertClose(grads.get("input"), input.grad(), type, name + " d/dinput");
        Map<String, Tensor> params = layer.namedParameters();
        for (String key : new String[] {"weight", "bias"}) {
            if (grads.has(key)) Golden.assertClose(grads.get(key), params.get(key).grad(), type, name + " d/d" + key);
        }
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    private static Module layerFor(String name, JsonObject p, boolean affine) {
        if (name.startsWith("linear_")) {
            Dense d = new Dense(p.get("in_features").getAsInt(), p.get("out_features").getAsInt());
            return name.startsWith("linear_no_bias") ? d.withoutBias() : d;
        }
        if (name.startsWith("layer_norm_")) return new LayerNorm(ints(p.getAsJsonArray("normalized_shape")), p.get("eps").getAsDouble(), affine);
        if (name.startsWith("relu")) return new ReLU();
        if (name.startsWith("leaky_relu")) return new LeakyReLU(p.get("negative_slope").getAsDouble());
        if (name.startsWith("elu")) return new ELU(p.get("alpha").getAsDouble());
        if (name.startsWith("gelu")) return new GELU(p.get("approximate").getAsString().equals("tanh"));
        if (name.startsWith("silu")) return new SiLU();
        if (name.startsWith("sigmoid")) return new Sigmoid();
        if (name.startsWith("tanh")) return new Tanh();
        if (name.startsWith("softmax")) return new Softmax(p.get("dim").getAsInt());
        if (name.startsWith("log_softmax")) return new LogSoftmax(p.get("dim").getAsInt());
        if (name.startsWith("softplus")) return new Softplus(p.get("beta").getAsDouble(), p.get("threshold").getAsDouble());
        throw new IllegalStateException("no layer for golden case " + name);
    }
}
