package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerBehaviourTest {
    record Config(String name, Function<List<Tensor>, Optimizer> make) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Config> configs() {
        return Stream.of(
                new Config("sgd nesterov wd", p -> SGD.builder(p).lr(0.05).momentum(0.9).nesterov(true).weightDecay(0.01).build()),
                new Config("sgd dampening decoupled", p -> SGD.builder(p).lr(0.05).momentum(0.8).dampening(0.3).weightDecay(0.1).decoupledWeightDecay(true).build()),
                new Config("adam amsgrad", p -> Adam.builder(p).lr(0.01).amsgrad(true).weightDecay(0.01).build()),
                new Config("adamw", p -> AdamW.builder(p).lr(0.01).build()),
                new Config("rmsprop centered momentum", p -> RMSprop.builder(p).lr(0.01).centered(true).momentum(0.9).build()),
                new Config("adagrad lr decay", p -> Adagrad.builder(p).lr(0.1).lrDecay(0.05).initialAccumulatorValue(0.1).build()));
    }

    private static List<Tensor> freshParams() {
        Generator g = new Generator(21);
        return List.of(Tensor.randn(g, 3, 4).to(DType.F64).requiresGrad(true), Tensor.randn(g, 4).to(DType.F64).requiresGrad(true));
    }

    /** A deterministic gradient that depends on the parameters (so state and values both matter). */
    private static void computeGrads(List<Tensor> params, int step) {
        Tensor x = Tensor.of(new double[] {1, -2, 0.5, 3}, 4).mul(1 + 0.1 * step);
        Tensor loss = params.get(0).matmul(x).add(params.get(1).sum()).tanh().square().sum();
        for (Tensor p : params) p.zeroGrad();
        loss.backward();
    }

    private static void run(Optimizer opt, List<Tensor> params, int from, int to) {
        for (int s = from; s < to; s++) {
            computeGrads(params, s);
            opt.step();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void resumingFromAStateDictMatchesAnUninterruptedRun(Config c) {
        int n = 8, k = 3;
        List<Tensor> straight = freshParams();
        run(c.make().apply(straight), straight, 0, n);

        List<Tensor> first = freshParams();
        Optimizer before = c.make().apply(first);
        run(before, first, 0, k);
        Map<String, Tensor> saved = before.stateDict();
        run(before, first, k, k + 2); // keep training the old one: the saved state must be a snapshot

        List<Tensor> resumed = freshParams();
        List<Tensor> restored = List.of(resumed.get(0), resumed.get(1));
        // Parameters come back from a checkpoint: replay the first k steps' parameter values.
        List<Tensor> replay = freshParams();
        run(c.make().apply(replay), replay, 0, k);
        try (var g = io.jgrad.autograd.Grad.off()) {
            for (int i = 0; i < 2; i++) restored.get(i).copyFrom(replay.get(i));
        }
        Optimizer after = c.make().apply(restored);
        after.loadStateDict(saved);
        run(after, restored, k, n);
        for (int i = 0; i < 2; i++) {
            assertTrue(restored.get(i).equalValues(straight.get(i)), c + " param " + i + ": " + restored.get(i) + " vs " + straight.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void updatesHappenInPlace(Config c) {
        List<Tensor> params = freshParams();
        Storage s0 = params.get(0).storage();
        int v0 = params.get(0).version();
        Optimizer opt = c.make().apply(params);
        run(opt, params, 0, 2);
        assertSame(s0, params.get(0).storage());
        assertTrue(params.get(0).version() > v0);
        assertTrue(params.get(0).requiresGrad() && params.get(0).isLeaf());
    }

    @Test
    void parameterGroupsHaveTheirOwnLearningRates() {
        Tensor a = Tensor.ones(DType.F64, 2).requiresGrad(true), b = Tensor.ones(DType.F64, 2).requiresGrad(true);
        SGD opt = SGD.builder().lr(0.1).params(List.of(a)).group(ParamGroup.of(List.of(b)).lr(1.0)).build();
        a.setGrad(Tensor.ones(DType.F64, 2));
        b.setGrad(Tensor.ones(DType.F64, 2));
        opt.step();
        assertTrue(a.allClose(Tensor.full(DType.F64, 0.9, 2), 0, 1e-15));
        assertTrue(b.allClose(Tensor.zeros(DType.F64, 2), 0, 1e-15));
        assertEquals(0.1, opt.lr());
        opt.setLr(0.5);
        assertEquals(0.5, opt.paramGroups().get(1).lr());

        LrScheduler s = LrSchedule.exponential(0.5).bind(SGD.builder().lr(0.2).params(List.of(a)).group(ParamGroup.of(List.of(b)).lr(2.0)).build());
        s.step();
        assertEquals(1.0, s.optimizer.paramGroups().get(1).lr(), 1e-15, "each group scales its own initial lr");
        assertEquals(0.1, s.currentLr(), 1e-15);
    }

    @Test
    void parametersWithoutGradientsAreSkippedAndZeroGradClears() {
        Tensor a = Tensor.ones(DType.F64, 2).requiresGrad(true), b = Tensor.ones(DType.F64, 2).requiresGrad(true);
        Adam opt = new Adam(List.of(a, b), 0.1);
        a.setGrad(Tensor.ones(DType.F64, 2));
        opt.step();
        assertTrue(b.equalValues(Tensor.ones(DType.F64, 2)));
        assertFalse(a.equalValues(Tensor.ones(DType.F64, 2)));
        assertTrue(opt.stateDict().containsKey("state.0.exp_avg"));
        assertFalse(opt.stateDict().containsKey("state.1.exp_avg"));
        opt.zeroGrad();
        assertEquals(null, a.grad());
    }

    @Test
    void decoupledWeightDecayShrinksParametersWithoutGradientInfluence() {
        Tensor p = Tensor.full(DType.F64, 2.0, 3).requiresGrad(true);
        SGD opt = SGD.builder(List.of(p)).lr(0.1).weightDecay(0.5).decoupledWeightDecay(true).build();
        p.setGrad(Tensor.zeros(DType.F64, 3));
        opt.step();
        assertTrue(p.allClose(Tensor.full(DType.F64, 2.0 * (1 - 0.05), 3), 0, 1e-15));
    }

    @Test
    void badSettingsAndStateAreRejectedWithReasons() {
        List<Tensor> params = freshParams();
        assertThrows(IllegalArgumentException.class, () -> SGD.builder(params).nesterov(true).build());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(params).betas(1.0, 0.9).build());
        assertThrows(IllegalArgumentException.class, () -> new SGD(params, -1));
        assertThrows(IllegalArgumentException.class, () -> SGD.builder(params).params(params).build());
        Adam opt = new Adam(params, 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(Map.of("state.5.step", Tensor.scalar(1))));
        assertTrue(e.getMessage().contains("state.5.step"), e.getMessage());
        Map<String, Tensor> state = new java.util.HashMap<>(opt.stateDict());
        state.put("state.0.step", Tensor.scalar(1));
        state.put("state.0.exp_avg", Tensor.zeros(2, 2));
        var s = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(state));
        assertTrue(s.getMessage().contains("[2, 2]") && s.getMessage().contains("[3, 4]"), s.getMessage());
    }

    @Test
    void infiniteAndNaNLearningRatesAreRejectedEverywhere() {
        List<Tensor> params = freshParams();
        for (double lr : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            for (Function<List<Tensor>, Optimizer> make : List.<Function<List<Tensor>, Optimizer>>of(
                    p -> new SGD(p, lr), p -> new Adam(p, lr), p -> new AdamW(p, lr),
                    p -> RMSprop.builder(p).lr(lr).build(), p -> Adagrad.builder(p).lr(lr).build())) {
                var e = assertThrows(IllegalArgumentException.class, () -> make.apply(params));
                assertTrue(e.getMessage().contains("learning rate must be finite") && e.getMessage().contains(Double.toString(lr)),
                        e.getMessage());
            }
            Adam opt = new Adam(params, 1e-3);
            var e = assertThrows(IllegalArgumentException.class, () -> opt.setLr(lr));
            assertTrue(e.getMessage().contains("learning rate must be finite"), e.getMessage());
            assertEquals(1e-3, opt.lr(), "a refused learning rate leaves the old one");
            assertThrows(IllegalArgumentException.class, () -> Adam.builder(params).weightDecay(lr).build());
        }
    }

    @Test
    void regularizersAddDifferentiablePenalties() {
        Tensor w = Tensor.of(new double[] {1, -2, 0.5}, 3).requiresGrad(true);
        Tensor l1 = Regularizer.l1(0.1).penalty(List.of(w));
        assertEquals(0.35, l1.item(), 1e-15);
        Tensor l2 = Regularizer.l2(0.1).penalty(List.of(w));
        assertEquals(0.1 * 5.25, l2.item(), 1e-15);
        Regularizer.l1l2(0.1, 0.1).penalty(List.of(w)).backward();
        assertTrue(w.grad().allClose(Tensor.of(new double[] {0.1 + 0.2, -0.1 - 0.4, 0.1 + 0.1}, 3), 0, 1e-15));
    }

    @Test
    void clippingNeverScalesASharedGradientTwice() {
        // y = a + b gives both leaves the same upstream gradient tensor.
        Tensor a = Tensor.zeros(DType.F64, 2).requiresGrad(true), b = Tensor.zeros(DType.F64, 2).requiresGrad(true);
        a.add(b).mul(Tensor.of(new double[] {3, 4}, 2)).sum().backward();
        double norm = GradientClipping.clipByNorm(List.of(a, b), 1.0);
        assertEquals(Math.sqrt(50), norm, 1e-12);
        double coef = 1.0 / (Math.sqrt(50) + 1e-6);
        assertTrue(a.grad().allClose(Tensor.of(new double[] {3 * coef, 4 * coef}, 2), 0, 1e-12));
        assertTrue(b.grad().allClose(Tensor.of(new double[] {3 * coef, 4 * coef}, 2), 0, 1e-12));
    }

    @Test
    void warmupThenCosineAndPlateauRules() {
        Tensor w = Tensor.zeros(DType.F64, 1).requiresGrad(true);
        SGD opt = new SGD(List.of(w), 1.0);
        ScheduledLr s = (ScheduledLr) LrSchedule.warmupThen(4, 0.25, LrSchedule.cosine(10, 0)).bind(opt);
        assertEquals(0.25, opt.lr(), 1e-15);
        for (int e = 1; e <= 4; e++) s.step();
        assertEquals(1.0, opt.lr(), 1e-15, "cosine starts at the base lr after warmup");
        for (int e = 5; e <= 9; e++) s.step();
        assertEquals(0.5, opt.lr(), 1e-12, "half way through the cosine");
        assertEquals(s.lrAt(9), opt.lr(), 0);
        assertThrows(IllegalStateException.class, () -> new ReduceLROnPlateau(opt).step());
    }
}
