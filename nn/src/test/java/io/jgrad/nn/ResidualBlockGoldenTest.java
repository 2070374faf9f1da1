package io.jgrad.nn;

import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** golden/conv/resnet_block.json (PyTorch 1.13) through {@link ResidualBlock}: output, running statistics, gradients. */
class ResidualBlockGoldenTest {
    /** Golden input names to the block's state-dict names. */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("conv1_weight", "conv1.weight");
        NAMES.put("bn1_weight", "bn1.weight");
        NAMES.put("bn1_bias", "bn1.bias");
        NAMES.put("conv2_weight", "conv2.weight");
        NAMES.put("bn2_weight", "bn2.weight");
        NAMES.put("bn2_bias", "bn2.bias");
        NAMES.put("shortcut_conv_weight", "shortcut.0.weight");
        NAMES.put("shortcut_bn_weight", "shortcut.1.weight");
        NAMES.put("shortcut_bn_bias", "shortcut.1.bias");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void basicBlockWithProjectionMatchesPyTorch(DType type) {
        JsonObject c = Golden.caseNamed("conv/resnet_block.json", "resnet_basic_block_s2_projection");
        JsonObject p = c.getAsJsonObject("params"), inputs = c.getAsJsonObject("inputs");
        ResidualBlock block = new ResidualBlock(p.get("in_channels").getAsInt(), p.get("out_channels").getAsInt(), p.get("stride").getAsInt());
        assertTrue(block.hasProjection());
        block.to(type);
        Map<String, Tensor> state = new LinkedHashMap<>();
        NAMES.forEach((golden, ours) -> state.put(ours, Golden.tensor(inputs.get(golden), type)));
        block.loadStateDict(state, false);
        assertEquals(NAMES.size(), block.namedParameters().size(), "every parameter comes from the golden file");

        Tensor x = Golden.tensor(inputs.get("input"), type).requiresGrad(true);
        Tensor out = block.forward(x);
        JsonObject outputs = c.getAsJsonObject("outputs");
        Golden.assertClose(outputs.get("output"), out, type, "output");
        Map<String, Tensor> buffers = block.namedBuffers();
        for (String bn : new String[] {"bn1", "bn2", "shortcut_bn"}) {
            String prefix = bn.equals("shortcut_bn") ? "shortcut.1." : bn + ".";
            Golden.assertClose(outputs.get(bn + "_running_mean"), buffers.get(prefix + "running_mean"), type, bn + " running mean");
            Golden.assertClose(outputs.get(bn + "_running_var"), buffers.get(prefix + "running_var"), type, bn + " running var");
            assertEquals(1, buffers.get(prefix + "num_batches_tracked").longItem());
        }

        out.backward(Golden.tensor(c.get("grad_output"), type));
        JsonObject grads = c.getAsJsonObject("grads");
        Golden.assertClose(grads.get("input"), x.grad(), type, "d/dinput");
        Map<String, Tensor> params = block.namedParameters();
        NAMES.forEach((golden, ours) -> Golden.assertClose(grads.get(golden), params.get(ours).grad(), type, "d/d" + ours));
    }
}
