package io.jgrad.select.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.Module;
import io.jgrad.select.PreparedData;
import io.jgrad.select.candidates.CandidateRecipe;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.train.EarlyStopping;
import io.jgrad.train.History;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;

import org.junit.jupiter.api.Test;

class TrainingRunTest {
    private static final PreparedData DATA = NoisyTable.of(160, 3);
    private static final Tensor X = rows(0, 120, true), Y = rows(0, 120, false);
    private static final Tensor X_VAL = rows(120, 160, true), Y_VAL = rows(120, 160, false);
    private static final long SEED = 11;

    private static Tensor rows(int from, int to, boolean inputs) {
        return (inputs ? DATA.inputs() : DATA.targets()).slice(0, from, to);
    }

    private static TrainingRun run(Hyperparameters config, int patience) {
        return new TrainingRun(NoisyTable.MLP, DATA.profile(), config, patience, SEED);
    }

    /** Trains a fresh run through each limit in turn and returns the last fit. */
    private static FittedModel trainThrough(Hyperparameters config, int patience, boolean validated, int... limits) {
        TrainingRun run = run(config, patience);
        FittedModel fitted = null;
        for (int epochs : limits) {
            fitted = validated ? run.trainTo(epochs, X, Y, X_VAL, Y_VAL) : run.trainTo(epochs, X, Y, null, null);
        }
        return fitted;
    }

    private static void assertSameFit(FittedModel expected, FittedModel actual) {
        assertEquals(NoisyTable.bits(expected.model()), NoisyTable.bits(actual.model()), "the weights, bit for bit");
        assertEquals(NoisyTable.curves(expected.history()), NoisyTable.curves(actual.history()));
        assertEquals(expected.bestEpoch(), actual.bestEpoch());
        assertArrayEquals(expected.predict(X_VAL).toDoubleArray(), actual.predict(X_VAL).toDoubleArray());
    }

    @Test
    void continuedRunsGiveTheModelAndHistoryOfOneRunToTheHigherLimit() {
        Hyperparameters config = NoisyTable.mlp(0.002);
        FittedModel once = trainThrough(config, 4, true, 30);
        FittedModel resumed = trainThrough(config, 4, true, 3, 6, 30);
        assertSameFit(once, resumed);
        int epochs = once.history().size();
        assertTrue(epochs > 6 && epochs < 30, "the case covers two continuations and a stop before the limit: "
                + epochs + " epochs");

        TrainingRun run = run(config, 4);
        FittedModel third = run.trainTo(3, X, Y, X_VAL, Y_VAL);
        FittedModel sixth = run.trainTo(6, X, Y, X_VAL, Y_VAL);
        assertEquals(3, third.history().size(), "an earlier result keeps its own history");
        assertEquals(6, sixth.history().size());
    }

    @Test
    void aContinuedRunGoesOnFromItsLastEpochNotTheRestoredBestOne() {
        Hyperparameters config = NoisyTable.mlp(0.05); // high enough that the validation loss soon gets worse
        TrainingRun run = run(config, 6);
        FittedModel shortRun = run.trainTo(6, X, Y, X_VAL, Y_VAL);
        assertTrue(shortRun.bestEpoch() < 6, "the best weights were restored at the end: best epoch "
                + shortRun.bestEpoch());
        assertEquals(6, shortRun.history().size(), "the patience did not run out");
        assertSameFit(trainThrough(config, 6, true, 20), run.trainTo(20, X, Y, X_VAL, Y_VAL));
    }

    @Test
    void whereThePatienceRanOutAHigherLimitChangesNothing() {
        Hyperparameters config = NoisyTable.mlp(0.1);
        TrainingRun run = run(config, 1);
        FittedModel shortRun = run.trainTo(8, X, Y, X_VAL, Y_VAL);
        int stopped = shortRun.history().size();
        assertTrue(stopped < 8, "the patience ran out after " + stopped + " epochs");
        double[] before = shortRun.predict(X_VAL).toDoubleArray();
        FittedModel longer = run.trainTo(30, X, Y, X_VAL, Y_VAL);
        assertEquals(stopped, longer.history().size(), "no epoch was trained");
        assertArrayEquals(before, longer.predict(X_VAL).toDoubleArray());
        assertSameFit(trainThrough(config, 1, true, 30), longer);
    }

    @Test
    void withoutValidationAContinuedRunTrainsExactlyTheEpochsOfOneRun() {
        Hyperparameters config = NoisyTable.mlp(0.01);
        FittedModel resumed = trainThrough(config, 1, false, 2, 5);
        assertEquals(5, resumed.history().size());
        assertEquals(5, resumed.bestEpoch());
        assertSameFit(trainThrough(config, 1, false, 5), resumed);
    }

    /** The behaviour before runs could be continued: the trainer with Keras-style early stopping, fitted once. */
    @Test
    void aRunTrainedOnceIsTheTrainerWithEarlyStoppingRestoringTheBestWeights() {
        Hyperparameters config = NoisyTable.mlp(0.05);
        Module model = CandidateRecipe.build(NoisyTable.MLP, DATA.profile(), config, SEED);
        EarlyStopping stopping = new EarlyStopping("val_loss", 4);
        Trainer trainer = Trainer.builder(model, CandidateRecipe.optimizer(model, config),
                CandidateRecipe.loss(DATA.profile().task())).progress(Progress.silent()).callbacks(stopping).build();
        DataLoader train = DataLoader.builder(new TensorDataset(X, Y)).batchSize(16).shuffle(SEED).build();
        History history = trainer.fit(train, DataLoader.of(new TensorDataset(X_VAL, Y_VAL), 256), 25);

        FittedModel run = run(config, 4).trainTo(25, X, Y, X_VAL, Y_VAL);
        assertEquals(NoisyTable.bits(model), NoisyTable.bits(run.model()));
        assertEquals(NoisyTable.curves(history), NoisyTable.curves(run.history()));
        assertEquals(stopping.bestEpoch(), run.bestEpoch());
        assertTrue(stopping.bestEpoch() < history.size(), "the case restores the best epoch's weights");
    }

    @Test
    void aRunRefusesFewerEpochsThanItTrainedAndOtherRows() {
        TrainingRun run = run(NoisyTable.mlp(0.01), 3);
        run.trainTo(4, X, Y, X_VAL, Y_VAL);
        var fewer = assertThrows(IllegalArgumentException.class, () -> run.trainTo(3, X, Y, X_VAL, Y_VAL));
        assertTrue(fewer.getMessage().contains("cannot train to 3 epochs after 4"), fewer.getMessage());
        var other = assertThrows(IllegalStateException.class,
                () -> run.trainTo(6, X_VAL, Y_VAL, X_VAL, Y_VAL));
        assertTrue(other.getMessage().contains("40 training rows"), other.getMessage());
        var unvalidated = assertThrows(IllegalStateException.class, () -> run.trainTo(6, X, Y, null, null));
        assertTrue(unvalidated.getMessage().contains("no validation rows"), unvalidated.getMessage());
    }
}
