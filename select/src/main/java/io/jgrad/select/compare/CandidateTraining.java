package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.Module;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;
import io.jgrad.select.analyse.TargetScaling;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.CandidateRecipe;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.train.EarlyStopping;
import io.jgrad.train.History;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;

/** Trains one configuration of a family with the {@link Trainer}: seeded, silent, early-stopped when validated. */
public final class CandidateTraining {
    private static final int EVAL_BATCH = 256;

    private CandidateTraining() {}

    /**
     * Trains on {@code (x, y)} (encoded inputs) and, with {@code xVal} not null, validates after every epoch and stops
     * early on the validation loss ({@link TrainingSettings}), keeping the best epoch's weights; without validation
     * it trains exactly {@code settings.maxEpochs()} epochs. A regression target is standardised with the mean and
     * standard deviation of {@code y} (the validation targets with the same figures; {@link TargetScaling}), and the
     * fitted model maps its predictions back. The same seed gives the same model.
     */
    public static FittedModel fit(CandidateFamily family, TaskProfile profile, Hyperparameters config, Tensor x,
                                  Tensor y, Tensor xVal, Tensor yVal, TrainingSettings settings, long seed) {
        TargetScaling scaling = profile.task() == TaskType.REGRESSION ? TargetScaling.fit(y) : null;
        Tensor yTrain = scaling == null ? y : scaling.standardise(y);
        Tensor yValidation = scaling == null || yVal == null ? yVal : scaling.standardise(yVal);
        Module model = CandidateRecipe.build(family, profile, config, seed);
        Trainer.Builder builder = Trainer.builder(model, CandidateRecipe.optimizer(model, config),
                CandidateRecipe.loss(profile.task())).progress(Progress.silent());
        EarlyStopping stopping = xVal == null ? null : new EarlyStopping("val_loss", settings.patience());
        if (stopping != null) builder.callbacks(stopping);
        Trainer trainer = builder.build();
        int batch = Math.min(config.intValue("batch_size"), x.dim(0));
        DataLoader train = DataLoader.builder(new TensorDataset(x, yTrain)).batchSize(batch).shuffle(seed).build();
        DataLoader validation = xVal == null ? null : DataLoader.of(new TensorDataset(xVal, yValidation), EVAL_BATCH);
        History history = trainer.fit(train, validation, settings.maxEpochs());
        int best = stopping == null || stopping.bestEpoch() == 0 ? history.size() : stopping.bestEpoch();
        return new FittedModel(model, trainer, history, best, scaling);
    }
}
