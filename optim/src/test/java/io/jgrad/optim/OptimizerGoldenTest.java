package io.jgrad.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

/** Five steps of every optimizer configuration in golden/optimizers/*.json, F64 tight and F32 loose. */
class OptimizerGoldenTest {
    @TestFactory
    List<DynamicTest> everyOptimizerCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : new String[] {"sgd", "adam", "rmsprop", "adagrad"}) {
            for (JsonObject c : Golden.cases("optimizers/" + file + ".json")) {
                for (DType type : new DType[] {DType.F64, DType.F32}) {
                    tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> replay(c, type)));
                }
            }
        }
        return tests;
    }

    private static void replay(JsonObject c, DType type) {
        String name = c.get("name").getAsString();
        JsonObject inputs = c.getAsJsonObject("inputs");
        List<Tensor> params = Golden.tensors(inputs.get("initial_params"), type);
        for (Tensor p : params) p.requiresGrad(true);
        Optimizer opt = build(c.getAsJsonObject("params"), params);
        JsonArray grads = inputs.getAsJsonArray("grads");
        JsonArray after = c.getAsJsonObject("outputs").getAsJsonArray("params_after_step");
        for (int t = 0; t < grads.size(); t++) {
            List<Tensor> g = Golden.tensors(grads.get(t), type);
            for (int i = 0; i < params.size(); i++) params.get(i).setGrad(g.get(i));
            opt.step();
            for (int i = 0; i < params.size(); i++) {
                Golden.assertClose(after.get(t).getAsJsonArray().get(i), params.get(i), type, name + " step " + (t + 1) + " param " + i);
            }
        }
    }

    private static double get(JsonObject p, String key, double fallback) { return p.has(key) ? p.get(key).getAsDouble() : fallback; }

    private static boolean flag(JsonObject p, String key) { return p.has(key) && p.get(key).getAsBoolean(); }

    /** Builds the jgrad optimizer for torch's constructor arguments; absent ones are torch's defaults. */
    static Optimizer build(JsonObject p, List<Tensor> params) {
        double lr = p.get("lr").getAsDouble();
        double wd = get(p, "weight_decay", 0);
        return switch (p.get("optimizer").getAsString()) {
            case "SGD" -> SGD.builder(params).lr(lr).weightDecay(wd).momentum(get(p, "momentum", 0))
                    .dampening(get(p, "dampening", 0)).nesterov(flag(p, "nesterov")).build();
            case "Adam", "AdamW" -> {
                JsonArray betas = p.getAsJsonArray("betas");
                Adam.Builder b = p.get("optimizer").getAsString().equals("AdamW") ? AdamW.builder(params) : Adam.builder(params);
                yield b.lr(lr).weightDecay(wd).betas(betas.get(0).getAsDouble(), betas.get(1).getAsDouble())
                        .eps(get(p, "eps", 1e-8)).amsgrad(flag(p, "amsgrad")).build();
            }
            case "RMSprop" -> RMSprop.builder(params).lr(lr).weightDecay(wd).alpha(get(p, "alpha", 0.99)).eps(get(p, "eps", 1e-8))
                    .momentum(get(p, "momentum", 0)).centered(flag(p, "centered")).build();
            case "Adagrad" -> Adagrad.builder(params).lr(lr).weightDecay(wd).lrDecay(get(p, "lr_decay", 0))
                    .initialAccumulatorValue(get(p, "initial_accumulator_value", 0)).eps(get(p, "eps", 1e-10)).build();
            default -> throw new IllegalStateException("unknown optimizer " + p.get("optimizer"));
        };
    }
}
