package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.Hyperparameters;

/**
 * Trains one configuration of a family with the {@link io.jgrad.train.Trainer}: seeded, silent, early-stopped when
 * validated (a {@link TrainingRun} trained once).
 */
public final class CandidateTraining {
    private CandidateTraining() {}

    /**
     * Trains on {@code (x, y)} (encoded inputs) and, with {@code xVal} not null, validates after every epoch and stops
     * early on the validation loss ({@link TrainingSettings}), keeping the best epoch's weights; without validation
     * it trains exactly {@code settings.maxEpochs()} epochs. A regression target is standardised with the mean and
     * standard deviation of {@code y} (the validation targets with the same figures;
     * {@link io.jgrad.select.analyse.TargetScaling}), and the fitted model maps its predictions back. The same seed
     * gives the same model.
     */
    public static FittedModel fit(CandidateFamily family, TaskProfile profile, Hyperparameters config, Tensor x,
                                  Tensor y, Tensor xVal, Tensor yVal, TrainingSettings settings, long seed) {
        return new TrainingRun(family, profile, config, settings.patience(), seed)
                .trainTo(settings.maxEpochs(), x, y, xVal, yVal);
    }
}
