package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossScalerTest {
    /** A two-layer perceptron's parameters, [8, 4], [8], [3, 8], [3]. */
    private static List<Tensor> mlp(DType dtype, long seed) {
        Generator g = new Generator(seed);
        List<Tensor> params = new ArrayList<>();
        params.add(Tensor.randn(g, dtype, 8, 4).mul(0.5).detach().requiresGrad(true));
        params.add(Tensor.randn(g, dtype, 8).mul(0.1).detach().requiresGrad(true));
        params.add(Tensor.randn(g, dtype, 3, 8).mul(0.5).detach().requiresGrad(true));
        params.add(Tensor.randn(g, dtype, 3).mul(0.1).detach().requiresGrad(true));
        return params;
    }

    /** Mean cross-entropy of the perceptron on batch {@code step} of a fixed random problem. */
    private static Tensor loss(List<Tensor> p, int step) {
        Generator g = new Generator(1000 + step);
        Tensor x = Tensor.randn(g, p.getFirst().dtype(), 16, 4);
        Tensor labels = Tensor.randint(g, 0, 3, 16);
        Tensor logits = F.linear(F.linear(x, p.get(0), p.get(1)).relu(), p.get(2), p.get(3));
        return logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).mean().neg();
    }

    private static List<Tensor> copies(List<Tensor> tensors) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : tensors) out.add(t.detach().contiguousCopy());
        return out;
    }

    private static boolean sameValues(List<Tensor> a, List<Tensor> b) {
        for (int i = 0; i < a.size(); i++) if (!a.get(i).equalValues(b.get(i))) return false;
        return true;
    }

    @Test
    void defaultsArePyTorchsAndBadSettingsAreRejectedByName() {
        LossScaler s = new LossScaler();
        assertEquals(65536, s.currentScale());
        assertEquals(0, s.cleanSteps());
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e39}) {
            var e = assertThrows(IllegalArgumentException.class, () -> LossScaler.builder().initialScale(bad).build());
            assertTrue(e.getMessage().contains("initial scale"), e.getMessage());
        }
        for (double bad : new double[] {1, 0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> LossScaler.builder().growthFactor(bad).build());
            assertTrue(e.getMessage().contains("growth factor"), e.getMessage());
        }
        for (double bad : new double[] {0, 1, 2, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> LossScaler.builder().backoffFactor(bad).build());
            assertTrue(e.getMessage().contains("backoff factor"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> LossScaler.builder().growthInterval(0).build());
        assertTrue(e.getMessage().contains("growth interval"), e.getMessage());
    }

    @Test
    void anOverflowingGradientSkipsTheStepAndLeavesParametersAndOptimizerStateUnchanged() {
        Tensor p = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Adam adam = new Adam(List.of(p), 0.1);
        LossScaler scaler = new LossScaler();
        // 1e35 * 2^16 is beyond F32's range: the scaled gradient overflows to infinity, as an F16 one would past 65504.
        Tensor x = Tensor.of(new float[] {1, 1e35f, 1}, 3);
        scaler.scale(p.mul(x).sum()).backward();
        Tensor before = p.detach().contiguousCopy();
        assertFalse(scaler.step(adam), "the step is skipped");
        assertTrue(p.equalValues(before), "parameters unchanged");
        assertFalse(adam.stateDict().keySet().stream().anyMatch(k -> k.startsWith("state.")), "no optimizer state: " + adam.stateDict().keySet());
        assertEquals(32768, scaler.currentScale());

        // A NaN gradient is skipped the same way.
        p.zeroGrad();
        p.setGrad(Tensor.of(new float[] {0, Float.NaN, 0}, 3));
        assertFalse(scaler.step(adam));
        assertTrue(p.equalValues(before));
        assertEquals(16384, scaler.currentScale());

        // A finite one is applied.
        p.zeroGrad();
        scaler.scale(p.sum()).backward();
        assertTrue(scaler.step(adam));
        assertFalse(p.equalValues(before));
    }

    @Test
    void theScaleBacksOffOnOverflowAndGrowsAfterTheIntervalOfCleanSteps() {
        Tensor p = Tensor.of(new float[] {0, 0}, 2).requiresGrad(true);
        SGD sgd = new SGD(List.of(p), 0);
        LossScaler scaler = LossScaler.builder().initialScale(8).growthInterval(3).growthFactor(4).backoffFactor(0.25).build();
        // c: clean step, o: overflow. Expected scale and clean-step count after each step.
        String steps = "cccco" + "cc" + "occc" + "c";
        double[] scales = {8, 8, 32, 32, 8, 8, 8, 2, 2, 2, 8, 8};
        int[] clean = {1, 2, 0, 1, 0, 1, 2, 0, 1, 2, 0, 1};
        for (int i = 0; i < steps.length(); i++) {
            boolean overflow = steps.charAt(i) == 'o';
            p.setGrad(Tensor.of(new float[] {1, overflow ? Float.POSITIVE_INFINITY : 1}, 2));
            assertEquals(!overflow, scaler.step(sgd), "step " + i);
            assertEquals(scales[i], scaler.currentScale(), "scale after step " + i);
            assertEquals(clean[i], scaler.cleanSteps(), "clean steps after step " + i);
        }
    }

    @Test
    void theScaleNeverGrowsPastTheLargestFloatAndAPersistentNaNIsReported() {
        Tensor p = Tensor.of(new float[] {0}, 1).requiresGrad(true);
        SGD sgd = new SGD(List.of(p), 0);
        LossScaler top = LossScaler.builder().initialScale(0x1p127).growthInterval(1).build();
        p.setGrad(Tensor.of(new float[] {1}, 1));
        assertTrue(top.step(sgd));
        assertEquals(0x1p127, top.currentScale(), "2^128 is not a float: the scale stays");

        LossScaler small = LossScaler.builder().initialScale(0x1p-124).build();
        for (int i = 0; i < 2; i++) {
            p.setGrad(Tensor.of(new float[] {Float.NaN}, 1));
            assertFalse(small.step(sgd));
        }
        p.setGrad(Tensor.of(new float[] {Float.NaN}, 1));
        var e = assertThrows(IllegalStateException.class, () -> small.step(sgd));
        assertTrue(e.getMessage().contains("not finite at every scale"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void unscaledGradientsEqualThoseOfTheUnscaledLossBitForBit(DType dtype) {
        List<Tensor> params = mlp(dtype, 3);
        loss(params, 0).backward();
        List<Tensor> plain = new ArrayList<>();
        for (Tensor p : params) plain.add(p.grad().contiguousCopy());
        for (Tensor p : params) p.zeroGrad();

        SGD sgd = new SGD(params, 0.1);
        LossScaler scaler = new LossScaler();
        scaler.scale(loss(params, 0)).backward();
        assertFalse(params.getFirst().grad().equalValues(plain.getFirst()), "the gradients were scaled");
        scaler.unscale(sgd);
        for (int i = 0; i < params.size(); i++) {
            assertTrue(params.get(i).grad().equalValues(plain.get(i)), "gradient " + i + " after unscaling");
        }
        assertThrows(IllegalStateException.class, () -> scaler.unscale(sgd), "twice before a step");
        // Between unscale and step the gradients are the true ones: clipping sees their true norm.
        double norm = GradientClipping.clipByNorm(params, 1e9);
        assertTrue(norm > 0 && norm < 100, "norm " + norm);
        assertTrue(scaler.step(sgd));
    }

    @Test
    void gradientsSharingStorageOrBroadcastAreUnscaledOnceByCopy() {
        Tensor a = Tensor.zeros(2).requiresGrad(true), b = Tensor.zeros(2).requiresGrad(true);
        Tensor c = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor shared = Tensor.full(12, 2);
        a.setGrad(shared);
        b.setGrad(shared);
        c.setGrad(Tensor.full(6, 1, 3).expand(2, 3));
        SGD sgd = new SGD(List.of(a, b, c), 0.1);
        LossScaler scaler = LossScaler.builder().initialScale(4).build();
        scaler.unscale(sgd);
        assertTrue(a.grad().equalValues(Tensor.full(3, 2)), "a's gradient divided once");
        assertTrue(b.grad().equalValues(Tensor.full(3, 2)), "b's gradient divided once");
        assertTrue(shared.equalValues(Tensor.full(12, 2)), "the shared tensor is not written");
        assertTrue(c.grad().equalValues(Tensor.full(1.5, 2, 3)), "the broadcast gradient");
        var e = assertThrows(IllegalArgumentException.class, () -> scaler.step(new SGD(List.of(a), 0.1)));
        assertTrue(e.getMessage().contains("one scaler serves one optimizer"), e.getMessage());
    }

    /**
     * Training with a scale so large that the scaled gradients overflow F32 (as F16's would overflow 65504): the
     * scaler skips those steps and backs off until they fit, grows again every 4 clean steps, overflows again, and so
     * on. Every applied step is exact, so the weights equal, bit for bit, those of plain training that applies the
     * same steps, and the loss goes down. (The loss is the cross-entropy times 1024, so that its gradients reach
     * F32's range at scales the scaler allows, below 2^128.)
     */
    @Test
    void trainingWithOverflowInjectedRecoversAndMatchesPlainTrainingExactly() {
        List<Tensor> scaledParams = mlp(DType.F32, 7), plainParams = mlp(DType.F32, 7);
        Supplier<SGD.Builder> sgd = () -> SGD.builder().lr(0.2 / 1024).momentum(0.9);
        SGD scaledSgd = sgd.get().params(scaledParams).build(), plainSgd = sgd.get().params(plainParams).build();
        LossScaler scaler = LossScaler.builder().initialScale(0x1p127).growthInterval(4).build();
        int skipped = 0;
        double first = loss(plainParams, 0).item() * 1024, last = 0;
        for (int step = 0; step < 60; step++) {
            scaledSgd.zeroGrad();
            scaler.scale(loss(scaledParams, step % 4).mul(1024)).backward();
            boolean applied = scaler.step(scaledSgd);
            plainSgd.zeroGrad();
            Tensor plainLoss = loss(plainParams, step % 4).mul(1024);
            plainLoss.backward();
            if (applied) plainSgd.step();
            else skipped++;
            last = plainLoss.item();
        }
        assertTrue(skipped >= 10, "steps skipped: " + skipped);
        assertTrue(scaler.currentScale() < 0x1p120, "backed off to " + scaler.currentScale());
        assertTrue(sameValues(copies(scaledParams), copies(plainParams)), "the same weights as plain training");
        assertTrue(last < 0.8 * first, "the loss went down: " + first + " -> " + last);
    }

    @Test
    void stateRoundTripsAndBadStateIsRejected() {
        LossScaler s = LossScaler.builder().initialScale(1024).growthInterval(5).build();
        Tensor p = Tensor.of(new float[] {0}, 1).requiresGrad(true);
        SGD sgd = new SGD(List.of(p), 0);
        for (int i = 0; i < 3; i++) {
            p.setGrad(Tensor.of(new float[] {i == 0 ? Float.POSITIVE_INFINITY : 1}, 1));
            s.step(sgd);
        }
        Map<String, Tensor> state = s.stateDict();
        assertEquals(512, state.get("scale").item());
        assertEquals(2, state.get("growth_tracker").item());
        LossScaler restored = LossScaler.builder().initialScale(1024).growthInterval(5).build();
        restored.loadStateDict(state);
        assertEquals(512, restored.currentScale());
        assertEquals(2, restored.cleanSteps());

        var missing = assertThrows(IllegalArgumentException.class, () -> restored.loadStateDict(Map.of("scale", Tensor.scalar(DType.F64, 2))));
        assertTrue(missing.getMessage().contains("missing key 'growth_tracker'"), missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> restored.loadStateDict(Map.of("scale", Tensor.scalar(DType.F64, 2),
                "growth_tracker", Tensor.scalar(DType.F64, 0), "extra", Tensor.scalar(DType.F64, 0))));
        assertTrue(unknown.getMessage().contains("unexpected key 'extra'"), unknown.getMessage());
        var badScale = assertThrows(IllegalArgumentException.class, () -> restored.loadStateDict(Map.of("scale", Tensor.scalar(DType.F64, -2),
                "growth_tracker", Tensor.scalar(DType.F64, 0))));
        assertTrue(badScale.getMessage().contains("saved scale"), badScale.getMessage());
        var badTracker = assertThrows(IllegalArgumentException.class, () -> restored.loadStateDict(Map.of("scale", Tensor.scalar(DType.F64, 2),
                "growth_tracker", Tensor.scalar(DType.F64, 1.5))));
        assertTrue(badTracker.getMessage().contains("growth_tracker"), badTracker.getMessage());
        assertEquals(512, restored.currentScale(), "a rejected state changes nothing");
    }

    @Test
    @SuppressWarnings("try")
    void scalingIsRecordedForAutogradAndExactForPowersOfTwo() {
        Tensor loss = Tensor.scalar(1.2345f).requiresGrad(true);
        Tensor scaled = new LossScaler().scale(loss);
        assertEquals(1.2345f * 65536f, (float) scaled.item());
        scaled.backward();
        assertEquals(65536, loss.grad().item());
        try (var g = Grad.off()) {
            assertFalse(new LossScaler().scale(Tensor.scalar(2)).requiresGrad());
        }
    }
}
