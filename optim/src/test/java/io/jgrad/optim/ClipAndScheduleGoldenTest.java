package io.jgrad.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** golden/clip.json and golden/schedules.json. */
class ClipAndScheduleGoldenTest {
    @TestFactory
    List<DynamicTest> clipping() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject c : Golden.cases("clip.json")) {
            for (DType type : new DType[] {DType.F64, DType.F32}) {
                tests.add(DynamicTest.dynamicTest(c.get("name").getAsString() + " " + type, () -> {
                    String name = c.get("name").getAsString();
                    JsonObject p = c.getAsJsonObject("params");
                    JsonObject out = c.getAsJsonObject("outputs");
                    List<Tensor> grads = Golden.tensors(c.getAsJsonObject("inputs").get("grads"), type);
                    List<Tensor> params = new ArrayList<>();
                    for (Tensor g : grads) {
                        Tensor param = Tensor.zerosLike(g).requiresGrad(true);
                        param.setGrad(g);
                        params.add(param);
                    }
                    if (p.has("max_norm")) {
                        JsonElement nt = p.get("norm_type");
                        double normType = nt.getAsJsonPrimitive().isString() ? Double.POSITIVE_INFINITY : nt.getAsDouble();
                        double total = GradientClipping.clipByNorm(params, p.get("max_norm").getAsDouble(), normType);
                        double expected = out.get("total_norm").getAsDouble();
                        assertEquals(expected, total, Golden.atol(type) + Golden.rtol(type) * expected, name + " total norm");
                    } else {
                        GradientClipping.clipByValue(params, p.get("clip_value").getAsDouble());
                    }
                    JsonArray clipped = out.getAsJsonArray("clipped_grads");
                    for (int i = 0; i < params.size(); i++) Golden.assertClose(clipped.get(i), params.get(i).grad(), type, name + " grad " + i);
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> schedules() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject c : Golden.cases("schedules.json")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                String name = c.get("name").getAsString();
                JsonObject p = c.getAsJsonObject("params");
                Tensor w = Tensor.zeros(DType.F64, 2).requiresGrad(true);
                SGD opt = new SGD(List.of(w), p.get("base_lr").getAsDouble());
                JsonObject out = c.getAsJsonObject("outputs");
                if (p.get("scheduler").getAsString().equals("ReduceLROnPlateau")) {
                    ReduceLROnPlateau s = new ReduceLROnPlateau(opt)
                            .mode(ReduceLROnPlateau.Mode.valueOf(p.get("mode").getAsString().toUpperCase(java.util.Locale.ROOT)))
                            .factor(p.get("factor").getAsDouble()).patience(p.get("patience").getAsInt())
                            .threshold(p.get("threshold").getAsDouble(),
                                    ReduceLROnPlateau.ThresholdMode.valueOf(p.get("threshold_mode").getAsString().toUpperCase(java.util.Locale.ROOT)))
                            .cooldown(p.get("cooldown").getAsInt()).minLr(p.get("min_lr").getAsDouble()).eps(p.get("eps").getAsDouble());
                    JsonArray losses = c.getAsJsonObject("inputs").getAsJsonArray("val_losses");
                    JsonArray expected = out.getAsJsonArray("lrs_after_step");
                    for (int i = 0; i < losses.size(); i++) {
                        s.step(losses.get(i).getAsDouble());
                        assertEquals(expected.get(i).getAsDouble(), s.currentLr(), 1e-15, name + " after step " + i);
                    }
                } else {
                    LrScheduler s = schedule(p).bind(opt);
                    JsonArray lrs = out.getAsJsonArray("lrs");
                    for (int e = 0; e < lrs.size(); e++) {
                        double expected = lrs.get(e).getAsDouble();
                        assertEquals(expected, opt.lr(), 1e-14 + 1e-12 * expected, name + " epoch " + e);
                        s.step();
                    }
                }
            }));
        }
        return tests;
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    static LrSchedule schedule(JsonObject p) {
        return switch (p.get("scheduler").getAsString()) {
            case "StepLR" -> LrSchedule.step(p.get("step_size").getAsInt(), p.get("gamma").getAsDouble());
            case "MultiStepLR" -> LrSchedule.multiStep(ints(p.getAsJsonArray("milestones")), p.get("gamma").getAsDouble());
            case "ExponentialLR" -> LrSchedule.exponential(p.get("gamma").getAsDouble());
            case "CosineAnnealingLR" -> LrSchedule.cosine(p.get("T_max").getAsInt(), p.get("eta_min").getAsDouble());
            case "LinearLR" -> LrSchedule.linear(p.get("start_factor").getAsDouble(), p.get("end_factor").getAsDouble(), p.get("total_iters").getAsInt());
            case "SequentialLR" -> {
                List<LrSchedule> parts = new ArrayList<>();
                for (JsonElement e : p.getAsJsonArray("schedulers")) parts.add(schedule(e.getAsJsonObject()));
                yield LrSchedule.sequential(parts, ints(p.getAsJsonArray("milestones")));
            }
            default -> throw new IllegalStateException("unknown scheduler " + p.get("scheduler"));
        };
    }
}
