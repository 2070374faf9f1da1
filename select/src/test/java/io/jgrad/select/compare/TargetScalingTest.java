package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metrics;
import io.jgrad.nn.Module;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskType;
import io.jgrad.select.TestData;
import io.jgrad.select.analyse.TargetScaling;
import io.jgrad.select.candidates.CandidateRecipe;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.LinearFamily;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regression targets are standardised for training and the predictions mapped back to the target's units. */
class TargetScalingTest {
    private static final TrainingSettings SETTINGS = new TrainingSettings(15, 15);

    @Test
    void standardisesWithTheFittedRowsAndRestores() {
        Tensor y = Tensor.of(new float[] {1000, 1200, 1400, 1600}, 4, 1);
        TargetScaling s = TargetScaling.fit(y);
        assertEquals(1300, s.mean(), 1e-9);
        assertEquals(Math.sqrt(50_000), s.std(), 1e-9);
        Tensor z = s.standardise(y);
        assertEquals(0, z.toFloatArray()[0] + z.toFloatArray()[3], 1e-6);
        assertArrayEquals(y.toFloatArray(), s.restore(z).toFloatArray(), 1e-3f);
        assertEquals(1, TargetScaling.fit(Tensor.of(new float[] {5, 5}, 2, 1)).std(), "a constant: std 1");
        assertEquals(s, TargetScaling.fromMetadata(s.metadata(), "m"));
        assertNull(TargetScaling.fromMetadata(Map.of(), "m"), "none saved: outputs are in the target's units");
        var e = assertThrows(IllegalArgumentException.class, () -> TargetScaling.fromMetadata(
                Map.of(TargetScaling.METADATA_KEY, "{\"mean\":1}"), "model.safetensors"));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("\"std\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TargetScaling.fromMetadata(
                Map.of(TargetScaling.METADATA_KEY, "{mean"), "model.safetensors"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aLargeOffsetAndScaleTrainWellOnlyWithTheScaling() {
        PreparedData data = TestData.offsetRegression(300, 3);
        Tensor train = CrossValidation.rows(range(0, 240)), val = CrossValidation.rows(range(240, 300));
        Tensor x = data.inputs().indexSelect(0, train), y = data.targets().indexSelect(0, train);
        Tensor xVal = data.inputs().indexSelect(0, val), yVal = data.targets().indexSelect(0, val);
        LinearFamily family = new LinearFamily();
        Hyperparameters config = family.space().defaults();

        FittedModel fitted = CandidateTraining.fit(family, data.profile(), config, x, y, xVal, yVal, SETTINGS, 1);
        assertEquals(TargetScaling.fit(y), fitted.targetScaling(), "fitted on the training rows");
        Evaluation scaled = Evaluation.of(data.profile(), fitted.predict(xVal), yVal);
        assertTrue(scaled.value(SelectionMetric.R2) > 0.95, "with the scaling: " + scaled.metrics());
        assertTrue(scaled.value(SelectionMetric.MAE) < 100, "in the target's units (its sd is about 1150): "
                + scaled.metrics());

        // The same model, optimiser and epochs on the raw target: the bias cannot climb to 1000 at Adam's step size.
        Module raw = CandidateRecipe.build(family, data.profile(), config, 1);
        Trainer trainer = Trainer.builder(raw, CandidateRecipe.optimizer(raw, config),
                CandidateRecipe.loss(TaskType.REGRESSION)).progress(Progress.silent()).build();
        trainer.fit(DataLoader.builder(new TensorDataset(x, y)).batchSize(config.intValue("batch_size")).shuffle(1)
                .build(), null, SETTINGS.maxEpochs());
        double rawR2 = Metrics.r2(trainer.predict(xVal, 256), yVal);
        assertTrue(rawR2 < 0.5, "without the scaling r2 " + rawR2);
    }

    @Test
    void crossValidationScoresInTheTargetsUnits() {
        PreparedData data = TestData.offsetRegression(150, 5);
        List<Fold> folds = Resampling.kFold(3).split(range(0, 150), null, 5);
        CandidateResult mse = CrossValidation.evaluate(new LinearFamily(), new LinearFamily().space().defaults(), data,
                folds, SelectionMetric.MSE, SETTINGS, 5);
        // the noise alone has an mse of (500 * 0.1)^2 = 2,500; standardised units would give about 0.002
        assertTrue(mse.mean() > 1_000 && mse.mean() < 20_000, "mse " + mse.mean());
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
