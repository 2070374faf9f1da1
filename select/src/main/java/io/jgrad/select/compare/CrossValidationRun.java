package io.jgrad.select.compare;

import io.jgrad.Tensor;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.Hyperparameters;

import java.util.ArrayList;
import java.util.List;

/**
 * One configuration trained and validated on every fold ({@link CrossValidation}), which can be continued to a higher
 * epoch limit: successive halving promotes a configuration from a rung of r epochs to one of R by training each fold
 * R - r epochs more instead of R again. {@code trainTo(3)} then {@code trainTo(10)} gives the same result as
 * {@code trainTo(10)} alone (the same models bit for bit, so the same fold scores, histories and best epochs; only the
 * wall-clock figures differ), because each fold's {@link TrainingRun} carries everything its training depends on; a
 * fold whose patience ran out at the lower limit keeps its result.
 *
 * <p>Memory: between calls it keeps each fold's model, optimizer state and early stopping's copies of the weights
 * (about five times the model's parameters per fold), but not the data, which each call encodes and splits again.
 * Each result keeps the folds' compact validation predictions ({@link ValidationPredictions}, about 16 bytes a
 * row), which the paired bootstrap of a single validation split needs.
 */
public final class CrossValidationRun {
    private final CandidateFamily family;
    private final Hyperparameters config;
    private final PreparedData data;
    private final List<Fold> folds;
    private final SelectionMetric metric;
    private final List<TrainingRun> runs = new ArrayList<>();

    /**
     * A run of {@code config} of {@code family} on {@code folds} of {@code data}, fold {@code f} seeded with
     * {@code seed + f} and stopping early after {@code patience} epochs without a better validation loss; nothing is
     * trained yet.
     */
    public CrossValidationRun(CandidateFamily family, Hyperparameters config, PreparedData data, List<Fold> folds,
                              SelectionMetric metric, int patience, long seed) {
        this.family = family;
        this.config = config;
        this.data = data;
        this.folds = List.copyOf(folds);
        this.metric = metric;
        for (int f = 0; f < folds.size(); f++) {
            runs.add(new TrainingRun(family, data.profile(), config, patience, seed + f));
        }
    }

    /**
     * Trains every fold until {@code epochs} epochs are done in all (or its patience runs out) and evaluates each on
     * its validation rows; {@link CandidateResult#seconds()} is this call's time only.
     *
     * @throws IllegalArgumentException when {@code epochs} is below 1 or below the epochs of an earlier call
     */
    public CandidateResult trainTo(int epochs) {
        long start = System.nanoTime();
        Tensor inputs = family.encoding(config).apply(data.inputs());
        TaskProfile profile = data.profile();
        List<FoldOutcome> outcomes = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            Tensor train = CrossValidation.rows(fold.train()), val = CrossValidation.rows(fold.validation());
            Tensor xVal = inputs.indexSelect(0, val), yVal = data.targets().indexSelect(0, val);
            FittedModel fitted = runs.get(f).trainTo(epochs, inputs.indexSelect(0, train),
                    data.targets().indexSelect(0, train), xVal, yVal);
            Tensor outputs = fitted.predict(xVal);
            Evaluation evaluation = Evaluation.of(profile, outputs, yVal);
            outcomes.add(new FoldOutcome(fold.label(), evaluation.value(metric), evaluation, fitted.history(),
                    fitted.bestEpoch(), ValidationPredictions.of(profile, outputs, yVal)));
        }
        double[] scores = outcomes.stream().mapToDouble(FoldOutcome::score).toArray();
        return new CandidateResult(family.name(), config, outcomes, Stats.mean(scores), Stats.std(scores),
                (System.nanoTime() - start) / 1e9);
    }
}
