package io.jgrad.select.compare;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.select.PreparedData;
import io.jgrad.select.SelectionMetric;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.candidates.CandidateFamily;
import io.jgrad.select.candidates.FeatureEncoding;
import io.jgrad.select.candidates.Hyperparameters;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 3's measurement: one configuration trained and validated on every fold (early stopping on the fold's
 * validation rows), its metric's mean and spread. Every candidate sees the same folds and, per fold, the same seed,
 * so their scores pair up fold by fold.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Evaluates {@code config} of {@code family} on {@code folds} of {@code data}. */
    public static CandidateResult evaluate(CandidateFamily family, Hyperparameters config, PreparedData data,
                                           List<Fold> folds, SelectionMetric metric, TrainingSettings settings,
                                           long seed) {
        long start = System.nanoTime();
        FeatureEncoding encoding = family.encoding(config);
        Tensor inputs = encoding.apply(data.inputs());
        TaskProfile profile = data.profile();
        List<FoldOutcome> outcomes = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            Tensor train = rows(fold.train()), val = rows(fold.validation());
            Tensor xVal = inputs.indexSelect(0, val), yVal = data.targets().indexSelect(0, val);
            FittedModel fitted = CandidateTraining.fit(family, profile, config, inputs.indexSelect(0, train),
                    data.targets().indexSelect(0, train), xVal, yVal, settings, seed + f);
            Evaluation evaluation = Evaluation.of(profile, fitted.predict(xVal), yVal);
            outcomes.add(new FoldOutcome(fold.label(), evaluation.value(metric), evaluation, fitted.history(),
                    fitted.bestEpoch()));
        }
        double[] scores = outcomes.stream().mapToDouble(FoldOutcome::score).toArray();
        return new CandidateResult(family.name(), config, outcomes, Stats.mean(scores), Stats.std(scores),
                (System.nanoTime() - start) / 1e9);
    }

    /** Row indices as an I64 index tensor. */
    public static Tensor rows(int[] rows) {
        long[] idx = new long[rows.length];
        for (int i = 0; i < rows.length; i++) idx[i] = rows[i];
        return Tensor.wrap(idx, Shape.of(rows.length));
    }
}
