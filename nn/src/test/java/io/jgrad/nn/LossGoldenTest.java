package io.jgrad.nn;

import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every loss case in golden/losses/*.json: value and input gradient, in F64 (tight) and F32 (loose). */
class LossGoldenTest {
    private static final String[] FILES = {"regression", "cross_entropy", "nll", "bce", "kl_div"};

    @TestFactory
    List<DynamicTest> everyLossCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            List<JsonObject> cases = Golden.cases("losses/" + file + ".json");
            assertFalse(cases.isEmpty(), file);
            for (JsonObject c : cases) {
                for (DType type : new DType[] {DType.F64, DType.F32}) {
                    tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> run(c, type)));
                }
            }
        }
        return tests;
    }

    private static void run(JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject params = c.getAsJsonObject("params");
        JsonObject inputs = c.getAsJsonObject("inputs");
        Tensor input = Golden.tensor(inputs.get("input"), type).requiresGrad(true);
        Tensor target = Golden.tensor(inputs.get("target"), type);
        Loss loss = lossFor(name, params, inputs, type);
        Tensor out = loss.compute(input, target);
        Golden.assertClose(c.getAsJsonObject("outputs").get("output"), out, type, name + " output");
        if (c.has("grad_output")) out.backward(Golden.tensor(c.get("grad_output"), type));
        else out.backward();
        Golden.assertClose(c.getAsJsonObject("grads").get("input"), input.grad(), type, name + " d/dinput");
    }

    private static Reduction reduction(JsonObject params) {
        String r = params.get("reduction").getAsString();
        return r.equals("batchmean") ? Reduction.BATCH_MEAN : Reduction.valueOf(r.toUpperCase(Locale.ROOT));
    }

    private static Tensor optional(JsonObject inputs, String key, DType type) {
        return inputs.has(key) ? Golden.tensor(inputs.get(key), type) : null;
    }

    static Loss lossFor(String name, JsonObject params, JsonObject inputs, DType type) {
        Reduction r = reduction(params);
        if (name.startsWith("mse_")) return new MSELoss().reduction(r);
        if (name.startsWith("l1_")) return new L1Loss().reduction(r);
        if (name.startsWith("smooth_l1_")) return new SmoothL1Loss().beta(params.get("beta").getAsDouble()).reduction(r);
        if (name.startsWith("huber_")) return new HuberLoss().delta(params.get("delta").getAsDouble()).reduction(r);
        if (name.startsWith("cross_entropy_")) {
            CrossEntropyLoss l = new CrossEntropyLoss().reduction(r).weight(optional(inputs, "weight", type));
            if (params.has("ignore_index")) l.ignoreIndex(params.get("ignore_index").getAsLong());
            if (params.has("label_smoothing")) l.labelSmoothing(params.get("label_smoothing").getAsDouble());
            return l;
        }
        if (name.startsWith("nll_")) {
            NLLLoss l = new NLLLoss().reduction(r).weight(optional(inputs, "weight", type));
            if (params.has("ignore_index")) l.ignoreIndex(params.get("ignore_index").getAsLong());
            return l;
        }
        if (name.startsWith("bce_with_logits_")) {
            return new BCEWithLogitsLoss().reduction(r).weight(optional(inputs, "weight", type)).posWeight(optional(inputs, "pos_weight", type));
        }
        if (name.startsWith("bce_probs_")) return new BCELoss().reduction(r).weight(optional(inputs, "weight", type));
        if (name.startsWith("kl_div_")) return new KLDivLoss().reduction(r).logTarget(params.get("log_target").getAsBoolean());
        throw new IllegalStateException("no loss for golden case " + name);
    }
}
