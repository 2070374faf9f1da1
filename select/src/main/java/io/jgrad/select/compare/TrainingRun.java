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
import io.jgrad.train.History;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;

import java.util.Objects;

/**
 * One configuration's training on one split, which a later call continues to a higher epoch limit exactly as if it
 * had been given that limit from the start: {@code trainTo(3, ...)} then {@code trainTo(10, ...)} gives the same
 * model (bit for bit), history and best epoch as {@code trainTo(10, ...)} alone. That holds because everything a run
 * depends on carries over: the model (weights, buffers, its dropout generator), the optimizer's state, the early
 * stopping's best value, best weights and count of epochs without improvement ({@link ContinuedEarlyStopping}), and
 * the loader's shuffled orders (a new loader from the same seed skips the orders of the epochs done); and nothing in
 * a run depends on the epoch limit but where it ends (the candidates' optimizer has a constant learning rate). A run
 * whose patience ran out is over: a higher limit returns the same model.
 *
 * <p>The data are not kept between calls: every call must pass the same rows. Between calls a run keeps the model,
 * the optimizer's state (Adam: two more copies of the weights) and, when validated, up to two copies of the model's
 * state (the best epoch's and the last epoch's): about five times the model's parameters.
 */
final class TrainingRun {
    private static final int EVAL_BATCH = 256;

    private final CandidateFamily family;
    private final TaskProfile profile;
    private final Hyperparameters config;
    private final int patience;
    private final long seed;
    private Trainer trainer; // null until the first call
    private ContinuedEarlyStopping stopping; // null without validation
    private TargetScaling scaling; // null for classification
    private int trainRows;

    /**
     * A run of {@code config} of {@code family}, its weights and shuffling drawn from {@code seed}, stopping early
     * after {@code patience} epochs without a better validation loss when validated; nothing is trained yet.
     */
    TrainingRun(CandidateFamily family, TaskProfile profile, Hyperparameters config, int patience, long seed) {
        this.family = Objects.requireNonNull(family, "family");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.config = Objects.requireNonNull(config, "config");
        if (patience < 1) throw new IllegalArgumentException("training run: patience must be >= 1, got " + patience);
        this.patience = patience;
        this.seed = seed;
    }

    /**
     * Trains on {@code (x, y)} until {@code epochs} epochs are done in all (or the patience runs out), validating on
     * {@code (xVal, yVal)} after every epoch when {@code xVal} is not null, and returns the model with the best
     * epoch's weights (the last epoch's without validation). Every call must pass the same rows, and the validation
     * rows on every call or on none.
     *
     * @throws IllegalArgumentException when {@code epochs} is below 1 or below the epochs already done
     * @throws IllegalStateException    when the rows are not those of the first call
     */
    FittedModel trainTo(int epochs, Tensor x, Tensor y, Tensor xVal, Tensor yVal) {
        if (trainer == null) start(x, y, xVal != null);
        requireSameRows(x, xVal);
        if (epochs < 1 || epochs < trainer.epochsDone()) {
            throw new IllegalArgumentException("training run: cannot train to " + epochs + " epochs after "
                    + trainer.epochsDone());
        }
        if (epochs > trainer.epochsDone() && (stopping == null || !stopping.stopped())) {
            Tensor yTrain = scaling == null ? y : scaling.standardise(y);
            Tensor yValidation = scaling == null || yVal == null ? yVal : scaling.standardise(yVal);
            int batch = Math.min(config.intValue("batch_size"), x.dim(0));
            DataLoader train = DataLoader.builder(new TensorDataset(x, yTrain)).batchSize(batch).shuffle(seed).build();
            train.skipEpochs(trainer.epochsDone()); // the orders the epochs done have drawn
            DataLoader validation = xVal == null ? null
                    : DataLoader.of(new TensorDataset(xVal, yValidation), EVAL_BATCH);
            trainer.fit(train, validation, epochs);
        }
        History history = copyOf(trainer.history()); // the trainer's own grows if the run goes on
        int best = stopping == null || stopping.bestEpoch() == 0 ? history.size() : stopping.bestEpoch();
        return new FittedModel(trainer.model(), trainer, history, best, scaling);
    }

    private void start(Tensor x, Tensor y, boolean validated) {
        scaling = profile.task() == TaskType.REGRESSION ? TargetScaling.fit(y) : null;
        Module model = CandidateRecipe.build(family, profile, config, seed);
        Trainer.Builder builder = Trainer.builder(model, CandidateRecipe.optimizer(model, config),
                CandidateRecipe.loss(profile.task())).progress(Progress.silent());
        stopping = validated ? new ContinuedEarlyStopping(patience) : null;
        if (stopping != null) builder.callbacks(stopping);
        trainer = builder.build();
        trainRows = x.dim(0);
    }

    private void requireSameRows(Tensor x, Tensor xVal) {
        if (x.dim(0) != trainRows || (xVal != null) != (stopping != null)) {
            throw new IllegalStateException("training run: continued with " + x.dim(0) + " training rows and "
                    + (xVal == null ? "no" : "some") + " validation rows, but started with " + trainRows + " and "
                    + (stopping == null ? "none" : "some"));
        }
    }

    private static History copyOf(History history) {
        History copy = new History();
        history.epochs().forEach(copy::add);
        return copy;
    }
}
