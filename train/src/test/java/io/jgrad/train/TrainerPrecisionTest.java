package io.jgrad.train;

import io.jgrad.Autocast;
import io.jgrad.Autocast.Precision;
import io.jgrad.Tensor;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.LossScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's precision option on a backend without reduced-precision units (cpu): BF16 changes nothing, and F16
 * only adds a loss scaler, whose power-of-two scaling is exact, so both give exactly the weights F32 training gives.
 */
class TrainerPrecisionTest {
    private final TensorDataset train = Fixtures.blobs(300, 1);
    private final TensorDataset val = Fixtures.blobs(90, 2);

    /** A layer that passes its input through and notes the thread's autocast precision. */
    static final class PrecisionProbe extends Module {
        final Set<Precision> seen = EnumSet.noneOf(Precision.class);

        @Override
        public Tensor forward(Tensor input) {
            seen.add(Autocast.current());
            return input;
        }
    }

    /** Two epochs from the given initial weights at {@code precision}; returns the trainer. */
    private Trainer train(Precision precision, Map<String, Tensor> initial) {
        Module model = Fixtures.mlp();
        model.loadStateDict(initial, true);
        Trainer t = Fixtures.trainer(model, 0.01).precision(precision).build();
        t.fit(Fixtures.loader(train, 32), Fixtures.loader(val, 64), 2);
        return t;
    }

    @Test
    void reducedPrecisionOnTheCpuTrainsExactlyAsF32AndF16ScalesTheLoss() {
        Map<String, Tensor> initial = EarlyStopping.snapshot(Fixtures.mlp().stateDict());
        Trainer f32 = train(Precision.F32, initial);
        assertNull(f32.lossScaler(), "F32 scales no loss");
        Trainer bf16 = train(Precision.BF16, initial);
        assertNull(bf16.lossScaler(), "BF16 keeps F32's range and needs no loss scaling");
        Trainer f16 = train(Precision.F16, initial);
        LossScaler scaler = f16.lossScaler();
        assertEquals(65536, scaler.currentScale(), "no overflow on the cpu: the scale never backed off");
        assertEquals(2 * 10, scaler.cleanSteps(), "every step was applied");
        for (Trainer t : new Trainer[] {bf16, f16}) {
            assertTrue(Fixtures.sameState(f32.model().stateDict(), t.model().stateDict()), t.precision() + " weights");
            assertEquals(f32.history().last(), withoutTimes(t.history().last(), f32.history().last()), t.precision() + " history");
        }
    }

    /** {@code row} with the timing columns of {@code like} (they differ from run to run). */
    private static Map<String, Double> withoutTimes(Map<String, Double> row, Map<String, Double> like) {
        Map<String, Double> out = new java.util.LinkedHashMap<>(row);
        out.put("samples_per_s", like.get("samples_per_s"));
        out.put("seconds", like.get("seconds"));
        return out;
    }

    @Test
    void trainingEvaluationAndPredictionRunInsideTheAutocastScope() {
        PrecisionProbe probe = new PrecisionProbe();
        Module model = new Sequential(probe, new Dense(4, 16), new ReLU(), new Dense(16, 3));
        Trainer t = Fixtures.trainer(model, 0.01).precision(Precision.BF16).build();
        t.fit(Fixtures.loader(train, 100), null, 1);
        assertEquals(EnumSet.of(Precision.BF16), probe.seen, "training");
        assertSame(Precision.F32, Autocast.current(), "the scope closed after fit");
        probe.seen.clear();
        t.evaluate(Fixtures.loader(val, 64));
        t.predict(val.inputs(), 64);
        assertEquals(EnumSet.of(Precision.BF16), probe.seen, "evaluation and prediction");
        assertSame(Precision.F32, Autocast.current());
    }

    @Test
    void theLossScalersStateIsCheckpointedAndResumed(@TempDir Path dir) throws Exception {
        Map<String, Tensor> initial = EarlyStopping.snapshot(Fixtures.mlp().stateDict());
        Module model = Fixtures.mlp();
        model.loadStateDict(initial, true);
        LossScaler scaler = LossScaler.builder().initialScale(1024).growthInterval(4).build();
        Trainer t = Fixtures.trainer(model, 0.01).precision(Precision.F16).lossScaler(scaler).build();
        assertSame(scaler, t.lossScaler());
        t.fit(Fixtures.loader(train, 100), null, 2); // 6 clean steps: grown once, 2 since
        assertEquals(2048, scaler.currentScale());
        assertEquals(2, scaler.cleanSteps());
        Path file = dir.resolve("ckpt.safetensors");
        t.saveCheckpoint(file);

        Module again = Fixtures.mlp();
        Trainer resumed = Fixtures.trainer(again, 0.01).precision(Precision.F16)
                .lossScaler(LossScaler.builder().initialScale(1024).growthInterval(4).build()).build();
        assertEquals(2, resumed.resume(file));
        assertEquals(2048, resumed.lossScaler().currentScale());
        assertEquals(2, resumed.lossScaler().cleanSteps());

        // A run saved without a scaler resumes with a fresh one, and a scaler's entries do not disturb one without.
        Trainer plain = Fixtures.trainer(Fixtures.mlp(), 0.01).build();
        assertEquals(2, plain.resume(file));
        Path plainFile = dir.resolve("plain.safetensors");
        plain.saveCheckpoint(plainFile);
        Trainer fresh = Fixtures.trainer(Fixtures.mlp(), 0.01).precision(Precision.F16).build();
        fresh.resume(plainFile);
        assertEquals(65536, fresh.lossScaler().currentScale());
    }
}
