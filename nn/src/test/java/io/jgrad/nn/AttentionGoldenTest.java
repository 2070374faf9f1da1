package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.testing.Golden;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * MultiheadAttention (kdim/vdim, add_bias_kv, add_zero_attn and unbatched input included), RMSNorm, the Transformer
 * encoder and decoder layers and an encoder stack against PyTorch 1.13 (tools/golden/attention.py): every case with
 * its parameters loaded as a state dict under PyTorch's names, output (and attention weights) and the gradients of
 * every input and parameter, F64 tight and F32 loose; and layers whose weights come from safetensors files torch's
 * state_dict was written to.
 */
class AttentionGoldenTest {
    private static final Set<String> DATA_INPUTS = Set.of("query", "key", "value", "src", "tgt", "memory", "input");

    @TestFactory
    List<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : new String[] {"multihead_attention", "rms_norm", "transformer"}) {
            for (JsonObject c : Golden.cases("attention/" + file + ".json")) {
                if (!c.has("grads")) continue; // the safetensors case has a test of its own
                for (DType type : new DType[] {DType.F64, DType.F32}) {
                    tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> run(file, c, type)));
                }
            }
        }
        return tests;
    }

    private static void run(String file, JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject inputs = c.getAsJsonObject("inputs"), params = c.getAsJsonObject("params");
        Map<String, Tensor> data = new LinkedHashMap<>();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String key : c.getAsJsonObject("grads").keySet()) {
            Tensor t = Golden.tensor(inputs.get(key), type);
            if (DATA_INPUTS.contains(key)) data.put(key, t.requiresGrad(true));
            else state.put(key, t);
        }
        Module layer = switch (file) {
            case "multihead_attention" -> mha(params);
            case "rms_norm" -> rmsNorm(params);
            default -> transformer(name, params);
        };
        layer.to(type);
        layer.loadStateDict(state, true);
        Outputs out = layer.call(inputs(file, data, inputs, params));
        JsonObject outputs = c.getAsJsonObject("outputs");
        Golden.assertClose(outputs.get("output"), out.get(0), type, name + " output");
        if (outputs.has("weights")) Golden.assertClose(outputs.get("weights"), out.get("weights"), type, name + " weights");
        out.get(0).backward(Golden.tensor(c.get("grad_output"), type));
        JsonObject grads = c.getAsJsonObject("grads");
        data.forEach((key, t) -> Golden.assertClose(grads.get(key), t.grad(), type, name + " d/d" + key));
        Map<String, Tensor> parameters = layer.namedParameters();
        assertEquals(state.keySet(), parameters.keySet(), name + ": the layer's parameters are the case's");
        parameters.forEach((key, p) -> Golden.assertClose(grads.get(key), p.grad(), type, name + " d/d" + key));
    }

    private static Inputs inputs(String file, Map<String, Tensor> data, JsonObject inputs, JsonObject params) {
        return switch (file) {
            case "multihead_attention" -> {
                Tensor q = data.get("query");
                Inputs in = data.containsKey("key") ? Inputs.of(q, data.get("key"), data.get("value")) : Inputs.of(q, q, q);
                in = in.with("needWeights", params.get("need_weights").getAsBoolean())
                        .with("averageAttnWeights", params.get("average_attn_weights").getAsBoolean());
                if (inputs.has("attn_mask")) in = in.with("attnMask", mask(inputs, "attn_mask"));
                if (inputs.has("key_padding_mask")) in = in.with("keyPaddingMask", mask(inputs, "key_padding_mask"));
                yield in;
            }
            case "rms_norm" -> Inputs.of(data.get("input"));
            default -> {
                if (data.containsKey("memory")) {
                    Inputs in = Inputs.of(data.get("tgt"), data.get("memory"));
                    if (inputs.has("tgt_mask")) in = in.with("tgtMask", mask(inputs, "tgt_mask"));
                    if (inputs.has("memory_key_padding_mask")) {
                        in = in.with("memoryKeyPaddingMask", mask(inputs, "memory_key_padding_mask"));
                    }
                    yield in;
                }
                Inputs in = Inputs.of(data.get("src"));
                if (inputs.has("src_mask")) in = in.with("srcMask", mask(inputs, "src_mask"));
                if (inputs.has("src_key_padding_mask")) in = in.with("srcKeyPaddingMask", mask(inputs, "src_key_padding_mask"));
                yield in;
            }
        };
    }

    /** A 0/1 int64 mask as BOOL, or a float mask in F64 (the op casts it to the inputs' dtype). */
    private static Tensor mask(JsonObject inputs, String key) {
        Tensor m = Golden.tensor(inputs.get(key), DType.F64);
        return m.dtype() == DType.I64 ? m.ne(0) : m;
    }

    /** The case's layer; the first cases predate kdim, vdim, bias, add_bias_kv and add_zero_attn (torch's defaults). */
    private static MultiheadAttention mha(JsonObject p) {
        int e = p.get("embed_dim").getAsInt();
        int kdim = p.has("kdim") ? p.get("kdim").getAsInt() : e, vdim = p.has("vdim") ? p.get("vdim").getAsInt() : e;
        return new MultiheadAttention(e, p.get("num_heads").getAsInt(), 0, flag(p, "bias", true),
                flag(p, "add_bias_kv", false), flag(p, "add_zero_attn", false), kdim, vdim,
                p.get("batch_first").getAsBoolean());
    }

    private static boolean flag(JsonObject p, String key, boolean otherwise) {
        return p.has(key) ? p.get(key).getAsBoolean() : otherwise;
    }

    private static RMSNorm rmsNorm(JsonObject p) {
        int[] shape = p.getAsJsonArray("normalized_shape").asList().stream().mapToInt(e -> e.getAsInt()).toArray();
        Double eps = p.get("eps").isJsonNull() ? null : p.get("eps").getAsDouble();
        return new RMSNorm(shape, eps, p.get("elementwise_affine").getAsBoolean());
    }

    private static TransformerSettings settings(JsonObject p) {
        return TransformerSettings.of(p.get("d_model").getAsInt(), p.get("nhead").getAsInt())
                .dimFeedforward(p.get("dim_feedforward").getAsInt()).dropout(p.get("dropout").getAsDouble())
                .activation(p.get("activation").getAsString().equals("gelu") ? Activation.GELU : Activation.RELU)
                .normFirst(p.get("norm_first").getAsBoolean())
                .batchFirst(p.has("batch_first") && p.get("batch_first").getAsBoolean());
    }

    private static Module transformer(String name, JsonObject p) {
        TransformerSettings s = settings(p);
        if (name.startsWith("encoder_stack")) return new TransformerEncoder(s, p.get("num_layers").getAsInt(), true);
        if (name.startsWith("decoder_layer")) return new TransformerDecoderLayer(s);
        return new TransformerEncoderLayer(s);
    }

    @Test
    void causalOptionEqualsTheCausalMask() {
        for (String name : new String[] {"mha_self_batch_first_causal", "mha_self_mask_and_padding",
                "mha_bias_kv_zero_attn_causal_padding", "mha_zero_attn_bool_mask_batch_first",
                "mha_unbatched_self_causal_padding"}) {
            JsonObject c = Golden.caseNamed("attention/multihead_attention.json", name);
            JsonObject inputs = c.getAsJsonObject("inputs"), params = c.getAsJsonObject("params");
            MultiheadAttention layer = mha(params);
            layer.to(DType.F64);
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (String key : layer.namedParameters().keySet()) state.put(key, Golden.tensor(inputs.get(key), DType.F64));
            layer.loadStateDict(state, true);
            Tensor q = Golden.tensor(inputs.get("query"), DType.F64);
            Inputs in = Inputs.of(q, q, q).with("isCausal", true);
            if (inputs.has("key_padding_mask")) in = in.with("keyPaddingMask", mask(inputs, "key_padding_mask"));
            Golden.assertClose(c.getAsJsonObject("outputs").get("output"), layer.call(in).get("output"), DType.F64,
                    name + " with isCausal");
        }
    }

    @Test
    void multiheadAttentionWithKdimVdimLoadsTorchWeightsFromSafetensorsUnchanged() throws Exception {
        JsonObject c = Golden.caseNamed("attention/multihead_attention.json", "mha_kdim_vdim_from_safetensors");
        Map<String, Tensor> state = safetensors("/golden/attention/mha_kdim_vdim.safetensors");
        MultiheadAttention layer = mha(c.getAsJsonObject("params"));
        layer.loadStateDict(state, true);
        assertEquals(state.keySet(), layer.stateDict().keySet());
        assertEquals(Set.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v",
                "out_proj.weight", "out_proj.bias"), state.keySet());
        layer.to(DType.F64);
        JsonObject inputs = c.getAsJsonObject("inputs"), outputs = c.getAsJsonObject("outputs");
        Outputs out = layer.call(Inputs.of(Golden.tensor(inputs.get("query"), DType.F64),
                Golden.tensor(inputs.get("key"), DType.F64), Golden.tensor(inputs.get("value"), DType.F64)));
        Golden.assertClose(outputs.get("output"), out.get("output"), DType.F64, "output");
        Golden.assertClose(outputs.get("weights"), out.get("weights"), DType.F64, "weights");
    }

    private Map<String, Tensor> safetensors(String resource) throws Exception {
        Path file = Path.of(getClass().getResource(resource).toURI());
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (SafetensorsEntry e : SafetensorsFile.read(file).entries()) {
            state.put(e.name(), Tensor.of(e.toFloats(), e.intShape()));
        }
        return state;
    }

    @Test
    void anEncoderLayerLoadsTorchWeightsFromSafetensorsUnchanged() throws Exception {
        JsonObject c = Golden.caseNamed("attention/transformer.json", "encoder_layer_from_safetensors");
        Map<String, Tensor> state = safetensors("/golden/attention/encoder_layer.safetensors");
        TransformerEncoderLayer layer = new TransformerEncoderLayer(settings(c.getAsJsonObject("params")));
        layer.loadStateDict(state, true);
        assertEquals(state.keySet(), layer.stateDict().keySet());
        layer.to(DType.F64);
        Tensor out = layer.forward(Golden.tensor(c.getAsJsonObject("inputs").get("src"), DType.F64));
        Golden.assertClose(c.getAsJsonObject("outputs").get("output"), out, DType.F64, "output");
        assertTrue(state.containsKey("self_attn.in_proj_weight") && state.containsKey("self_attn.out_proj.weight"));
    }
}
