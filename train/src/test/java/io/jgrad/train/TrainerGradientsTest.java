package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.optim.GradientClipping;
import io.jgrad.optim.LrSchedule;
import io.jgrad.optim.Regularizer;
import io.jgrad.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What the trainer does between backward and step (regularizers, clipping), per-batch learning-rate schedules, and
 * gradients that are not finite while the loss is.
 */
class TrainerGradientsTest {
    private final TensorDataset train = Fixtures.blobs(300, 1);

    private static Trainer.Builder sgd(Module model, double lr) {
        return Trainer.builder(model, new SGD(model.parameters(), lr), new CrossEntropyLoss())
                .progress(Progress.silent());
    }

    private static Map<String, Tensor> state(Module model) { return EarlyStopping.snapshot(model.stateDict()); }

    /** With plain SGD at learning rate 1, one step moves the weights by minus the (adjusted) gradient. */
    private static double[] stepOf(Map<String, Tensor> before, Module after) {
        List<Double> out = new ArrayList<>();
        after.stateDict().forEach((k, v) -> {
            float[] a = before.get(k).toFloatArray(), b = v.toFloatArray();
            for (int i = 0; i < a.length; i++) out.add((double) b[i] - a[i]);
        });
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    @Test
    void clippingByNormBoundsTheStepAndMatchesTheHandWrittenLoop() {
        Module model = Fixtures.mlp(), handWritten = Fixtures.copyOf(model);
        Map<String, Tensor> initial = state(model);
        sgd(model, 1).clipGradNorm(0.05).build().fit(Fixtures.loader(train, 300), null, 1);
        double[] step = stepOf(initial, model);
        assertEquals(0.05, norm(step), 1e-6, "the step of SGD(lr 1) is the clipped gradient, of norm maxNorm");

        // The same step written by hand with the host-reading clipByNorm.
        SGD opt = new SGD(handWritten.parameters(), 1);
        opt.zeroGrad();
        new CrossEntropyLoss().compute(handWritten.call(train.inputs()), train.targets()).backward();
        double unclipped = GradientClipping.clipByNorm(handWritten.parameters(), 0.05);
        assertTrue(unclipped > 0.05, "the test clips: norm " + unclipped);
        opt.step();
        assertArrayEquals(stepOf(initial, handWritten), step, 1e-7);
    }

    @Test
    void clipByNormOnDeviceAgreesWithClipByNormAndLeavesSmallGradientsAlone() {
        for (double maxNorm : new double[] {0.01, 1e3}) {
            Module a = Fixtures.mlp(), b = Fixtures.copyOf(a);
            for (Module m : List.of(a, b)) {
                new CrossEntropyLoss().compute(m.call(train.inputs()), train.targets()).backward();
            }
            Tensor norm = GradientClipping.clipByNormOnDevice(a.parameters(), maxNorm);
            double expected = GradientClipping.clipByNorm(b.parameters(), maxNorm);
            assertEquals(expected, norm.item(), 1e-9 * expected);
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(b.parameters().get(i).grad().toFloatArray(),
                        a.parameters().get(i).grad().toFloatArray(), 1e-7f, "maxNorm " + maxNorm);
            }
        }
        assertNull(GradientClipping.clipByNormOnDevice(List.of(Tensor.zeros(2).requiresGrad(true)), 1), "no gradient");
    }

    @Test
    void clippingByValueBoundsEveryElementOfTheStep() {
        Module model = Fixtures.mlp();
        Map<String, Tensor> initial = state(model);
        sgd(model, 1).clipGradValue(1e-3).build().fit(Fixtures.loader(train, 300), null, 1);
        double largest = 0;
        for (double d : stepOf(initial, model)) largest = Math.max(largest, Math.abs(d));
        // 1e-3 up to the rounding of the F32 weights the step was added to (|w| < 2: ulp 2.4e-7 at most).
        assertEquals(1e-3, largest, 2.4e-7, "some gradient element exceeded 1e-3 and was clamped to it");
    }

    @Test
    void anL2RegularizerAddsTheGradientOfWeightDecayTwiceLambda() {
        Module regularized = Fixtures.mlp(), decayed = Fixtures.copyOf(regularized);
        sgd(regularized, 0.1).regularizer(Regularizer.l2(0.05)).build().fit(Fixtures.loader(train, 100), null, 2);
        SGD decaying = SGD.builder(decayed.parameters()).lr(0.1).weightDecay(0.1).build();
        Trainer.builder(decayed, decaying, new CrossEntropyLoss()).progress(Progress.silent()).build()
                .fit(Fixtures.loader(train, 100), null, 2);
        regularized.stateDict().forEach((k, v) ->
                assertArrayEquals(decayed.stateDict().get(k).toFloatArray(), v.toFloatArray(), 1e-6f, k));
    }

    @Test
    void aRegularizerOnChosenParametersLeavesTheOthersAsWithout() {
        Module regularized = Fixtures.mlp(), plain = Fixtures.copyOf(regularized);
        Tensor firstWeight = regularized.namedParameters().get("0.weight");
        sgd(regularized, 0.1).regularizer(Regularizer.l1(0.5), List.of(firstWeight)).build()
                .fit(Fixtures.loader(train, 100), null, 1);
        sgd(plain, 0.1).build().fit(Fixtures.loader(train, 100), null, 1);
        assertFalse(plain.stateDict().get("0.weight").equalValues(regularized.stateDict().get("0.weight")));
        // Only the first layer's weight is penalised, but the others' gradients flow through it: compare the last
        // layer's bias after the first step only (before the weights differ), via one batch.
        Module r1 = Fixtures.mlp(), p1 = Fixtures.copyOf(r1);
        sgd(r1, 0.1).regularizer(Regularizer.l1(0.5), List.of(r1.namedParameters().get("0.weight"))).build()
                .fit(Fixtures.loader(train, 300), null, 1);
        sgd(p1, 0.1).build().fit(Fixtures.loader(train, 300), null, 1);
        for (String k : List.of("0.bias", "2.weight", "2.bias")) {
            assertTrue(p1.stateDict().get(k).equalValues(r1.stateDict().get(k)), k + " is not regularized");
        }
        assertThrows(IllegalArgumentException.class, () -> sgd(r1, 0.1).regularizer(Regularizer.l1(0.5), List.of()));
    }

    @Test
    void aPerBatchScheduleStepsTheLearningRateAfterEveryStep() {
        Module model = Fixtures.mlp();
        SGD opt = new SGD(model.parameters(), 0.1);
        List<Double> seen = new ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onBatchEnd(Trainer trainer, int batch, Tensor loss) { seen.add(trainer.optimizer().lr()); }
        };
        // Warmup over 4 steps from 0.25 * lr, then a cosine decay over 8 steps to 0.
        LrSchedule schedule = LrSchedule.warmupThen(4, 0.25, LrSchedule.cosine(8, 0));
        Trainer.builder(model, opt, new CrossEntropyLoss()).progress(Progress.silent())
                .callbacks(LrSchedulerCallback.perBatch(schedule.bind(opt)), probe).build()
                .fit(Fixtures.loader(train, 50), null, 2); // 6 batches an epoch, 12 steps
        assertEquals(12, seen.size());
        // The probe runs after the scheduler stepped: after step n the lr is the schedule's value at n.
        for (int n = 1; n <= 12; n++) assertEquals(schedule.lrAt(n, 0.1), seen.get(n - 1), 1e-12, "after step " + n);
        assertEquals(0.1 * 0.25 + 0.1 * 0.75 / 4, seen.getFirst(), 1e-12);
        assertEquals(0.1, seen.get(3), 1e-12, "warmup done after 4 steps");
        assertEquals(0, seen.get(11), 1e-12, "decayed to 0 after 12 steps");
    }

    @Test
    void clippingSettingsAreChecked() {
        Trainer.Builder b = sgd(Fixtures.mlp(), 0.1);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> b.clipGradNorm(bad));
            assertTrue(e.getMessage().contains("maxNorm must be finite and > 0, got " + bad), e.getMessage());
            var v = assertThrows(IllegalArgumentException.class, () -> b.clipGradValue(bad));
            assertTrue(v.getMessage().contains("clipValue must be finite and > 0, got " + bad), v.getMessage());
        }
    }

    // ---- gradients that are not finite while the loss is ----------------------------------------------------------

    /** A dense layer plus {@code 0 * sum(sqrt(w))} with {@code w = 0}: the loss is finite, w's gradient NaN. */
    static final class SqrtAtZero extends Module {
        final Dense dense = registerModule("dense", new Dense(4, 3));
        final Tensor w = registerParameter("w", Tensor.zeros(2));

        @Override
        public Tensor forward(Tensor input) { return dense.call(input).add(w.sqrt().mul(0).sum()); }
    }

    @Test
    void aNanGradientWithAFiniteLossDoesNotLetFitReturnWithNanWeights() {
        SqrtAtZero model = new SqrtAtZero();
        // One batch: its loss is finite, its update makes w NaN, and the epoch's end finds it.
        var e = assertThrows(IllegalStateException.class,
                () -> sgd(model, 0.1).build().fit(Fixtures.loader(train, 300), null, 1));
        assertEquals("epoch 1, batch 1: the weights are no longer finite (NaN or infinite) while the loss was: an "
                + "update since made them so (a gradient that was not finite, or a step too large for the weights' "
                + "range) (Trainer.Builder.clipGradNorm checks the gradient norm before each update)", e.getMessage());
        assertTrue(Double.isNaN(model.w.toFloatArray()[0]), "the message is true: w is NaN");
    }

    @Test
    void theLossOfNanWeightsIsBlamedOnTheGradientNotTheBatch() {
        // Batch 1 is finite and makes w NaN; batch 2's loss is then NaN, read at once on the CPU.
        var e = assertThrows(IllegalStateException.class,
                () -> sgd(new SqrtAtZero(), 0.1).build().fit(Fixtures.loader(train, 100), null, 1));
        assertEquals("epoch 1, batch 2: the loss is not finite because the weights already were not (NaN or "
                + "infinite), while the loss of batch 1 was: an update since made them so (a gradient that was not "
                + "finite, or a step too large for the weights' range)", e.getMessage());
    }

    @Test
    void aStepThatOverflowsTheWeightsIsCaughtWithTheSameTrueMessage() {
        Module model = Fixtures.mlp();
        // Finite gradients times a learning rate of 1e300: the F32 weights become infinite, then NaN.
        var e = assertThrows(IllegalStateException.class,
                () -> sgd(model, 1e300).build().fit(Fixtures.loader(train, 300), null, 1));
        assertTrue(e.getMessage().startsWith("epoch 1, batch 1: the weights are no longer finite (NaN or infinite) "
                + "while the loss was: an update since made them so"), e.getMessage());
    }

    @Test
    void withClippingByNormANanGradientStopsBeforeTheUpdateOnTheHost() {
        SqrtAtZero model = new SqrtAtZero();
        Map<String, Tensor> before = state(model);
        var e = assertThrows(IllegalStateException.class,
                () -> sgd(model, 0.1).clipGradNorm(1).build().fit(Fixtures.loader(train, 100), null, 1));
        assertEquals("epoch 1, batch 1: the gradient norm is NaN while the loss is finite; the weights were left as "
                + "they were before this batch", e.getMessage());
        assertTrue(Fixtures.sameState(before, model.stateDict()), "no update applied");
    }

    @Test
    void onADeviceTheGradientNormIsReadWithTheLoss() {
        // checkEveryBatch(false) makes the CPU behave as a GPU does: norms noted on the device, read at the check.
        var e = assertThrows(IllegalStateException.class, () -> sgd(new SqrtAtZero(), 0.1).clipGradNorm(1)
                .checkEveryBatch(false).build().fit(Fixtures.loader(train, 300), null, 1));
        assertEquals("epoch 1, batch 1: a gradient norm was not finite while the loss was; on this device the norm is "
                + "read about once a second, not per batch, so these batches updated the weights, which may no longer "
                + "be finite", e.getMessage());
    }

    @Test
    void finiteGradientsPassTheChecksUnchanged() {
        Module checked = Fixtures.mlp(), reference = Fixtures.copyOf(checked);
        History a = sgd(checked, 0.1).clipGradNorm(1e9).build().fit(Fixtures.loader(train, 50), null, 2);
        History b = sgd(reference, 0.1).build().fit(Fixtures.loader(train, 50), null, 2);
        assertArrayEquals(b.column("loss"), a.column("loss"), 1e-12);
        assertTrue(Fixtures.sameState(reference.stateDict(), checked.stateDict()),
                "a norm far below maxNorm scales by 1");
        DataLoader loader = Fixtures.loader(train, 50);
        assertEquals(2, sgd(Fixtures.mlp(), 0.1).checkEveryBatch(false).build().fit(loader, null, 2).size());
    }
}
