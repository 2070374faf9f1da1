package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.testing.Golden;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of golden/recurrent/*.json (tools/golden/recurrent.py, PyTorch 1.13) through {@link Embedding},
 * {@link SimpleRNN}, {@link LSTM} and {@link GRU}: outputs, final states and the gradients of the input, the initial
 * states and every parameter (named as in torch's state_dict), F64 tight and F32 loose; and a state_dict saved by
 * torch as safetensors loads unchanged.
 */
class RecurrentGoldenTest {
    @TestFactory
    List<DynamicTest> everyRecurrentCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject c : Golden.cases("recurrent/recurrent.json")) {
            for (DType type : new DType[] {DType.F64, DType.F32}) {
                tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> recurrent(c, type)));
            }
        }
        for (JsonObject c : Golden.cases("recurrent/embedding.json")) {
            for (DType type : new DType[] {DType.F64, DType.F32}) {
                tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> embedding(c, type)));
            }
        }
        return tests;
    }

    private static void recurrent(JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject p = c.getAsJsonObject("params"), inputs = c.getAsJsonObject("inputs");
        int in = p.get("input_size").getAsInt(), hidden = p.get("hidden_size").getAsInt();
        RecurrentLayer layer = switch (p.get("mode").getAsString()) {
            case "LSTM" -> new LSTM(in, hidden);
            case "GRU" -> new GRU(in, hidden);
            default -> new SimpleRNN(in, hidden, p.get("nonlinearity").getAsString().equals("relu"));
        };
        layer.numLayers(p.get("num_layers").getAsInt()).bidirectional(p.get("bidirectional").getAsBoolean())
                .batchFirst(p.get("batch_first").getAsBoolean()).dtype(type);
        Map<String, Tensor> state = new LinkedHashMap<>();
        JsonObject params = c.getAsJsonObject("parameters");
        for (String key : params.keySet()) state.put(key, Golden.tensor(params.get(key), type));
        layer.loadStateDict(state, true);

        Tensor x = Golden.tensor(inputs.get("input"), type).requiresGrad(true);
        Inputs call = Inputs.of(x);
        Tensor h0 = inputs.has("h0") ? Golden.tensor(inputs.get("h0"), type).requiresGrad(true) : null;
        Tensor c0 = inputs.has("c0") ? Golden.tensor(inputs.get("c0"), type).requiresGrad(true) : null;
        if (h0 != null) call = call.with("h0", h0);
        if (c0 != null) call = call.with("c0", c0);
        if (inputs.has("lengths")) call = call.with("lengths", Golden.tensor(inputs.get("lengths"), type));
        Outputs out = layer.call(call);

        JsonObject expected = c.getAsJsonObject("outputs");
        Golden.assertClose(expected.get("output"), out.get("output"), type, name + " output");
        Golden.assertClose(expected.get("h_n"), out.get("h"), type, name + " h_n");
        Tensor loss = out.get("output").mul(Golden.tensor(c.get("grad_output"), type)).sum()
                .add(out.get("h").mul(Golden.tensor(c.get("grad_h"), type)).sum());
        if (expected.has("c_n")) {
            Golden.assertClose(expected.get("c_n"), out.get("c"), type, name + " c_n");
            loss = loss.add(out.get("c").mul(Golden.tensor(c.get("grad_c"), type)).sum());
        }
        loss.backward();
        JsonObject grads = c.getAsJsonObject("grads");
        Golden.assertClose(grads.get("input"), x.grad(), type, name + " d/dinput");
        if (h0 != null) Golden.assertClose(grads.get("h0"), h0.grad(), type, name + " d/dh0");
        if (c0 != null) Golden.assertClose(grads.get("c0"), c0.grad(), type, name + " d/dc0");
        Map<String, Tensor> named = layer.namedParameters();
        for (String key : params.keySet()) Golden.assertClose(grads.get(key), named.get(key).grad(), type, name + " d/d" + key);
    }

    private static void embedding(JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject p = c.getAsJsonObject("params");
        Embedding e = new Embedding(p.get("num_embeddings").getAsInt(), p.get("embedding_dim").getAsInt(),
                p.has("padding_idx") ? p.get("padding_idx").getAsInt() : null, null);
        e.to(type);
        e.loadStateDict(Map.of("weight", Golden.tensor(c.getAsJsonObject("inputs").get("weight"), type)), true);
        Tensor out = e.forward(Golden.tensor(p.get("indices"), type));
        Golden.assertClose(c.getAsJsonObject("outputs").get("output"), out, type, name + " output");
        out.backward(Golden.tensor(c.get("grad_output"), type));
        Golden.assertClose(c.getAsJsonObject("grads").get("weight"), e.weight().grad(), type, name + " d/dweight");
    }

    @Test
    void aStateDictSavedByTorchLoadsUnchanged() throws IOException {
        SafetensorsFile file;
        try (InputStream in = getClass().getResourceAsStream("/golden/recurrent/lstm_torch.safetensors")) {
            file = SafetensorsFile.read(in.readAllBytes());
        }
        Map<String, Tensor> state = new LinkedHashMap<>(), test = new LinkedHashMap<>();
        for (SafetensorsEntry entry : file.entries()) {
            Tensor t = Tensor.of(entry.toFloats(), entry.intShape());
            (entry.name().startsWith("test.") ? test : state).put(entry.name(), t);
        }
        LSTM lstm = LSTM.of(4);
        lstm.numLayers(2).bidirectional(true).batchFirst(true);
        lstm.loadStateDict(state, true);
        assertArrayEquals(new int[] {16, 3}, lstm.namedParameters().get("weight_ih_l0").dims());
        Outputs out = lstm.call(Inputs.of(test.get("test.input")));
        double rtol = Golden.F32_RTOL, atol = Golden.F32_ATOL;
        Golden.assertClose(test.get("test.output").dims(), test.get("test.output").toDoubleArray(), out.get("output"), rtol, atol, "output");
        Golden.assertClose(test.get("test.h_n").dims(), test.get("test.h_n").toDoubleArray(), out.get("h"), rtol, atol, "h_n");
        Golden.assertClose(test.get("test.c_n").dims(), test.get("test.c_n").toDoubleArray(), out.get("c"), rtol, atol, "c_n");
    }
}
