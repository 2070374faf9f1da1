package io.jgrad.select.compare;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import io.jgrad.nn.Module;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskProfile;
import io.jgrad.select.TaskType;
import io.jgrad.select.candidates.Hyperparameters;
import io.jgrad.select.candidates.MlpFamily;
import io.jgrad.train.History;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small table for resuming tests: 3 classes from a linear rule on 6 standard normal features, a quarter of the
 * labels flipped at random, so that an MLP soon overfits and early stopping has something to do.
 */
final class NoisyTable {
    static final int FEATURES = 6;
    static final MlpFamily MLP = new MlpFamily();

    private NoisyTable() {}

    /** {@code n} rows drawn from {@code seed}. */
    static PreparedData of(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * FEATURES];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) x[i * FEATURES + j] = (float) g.nextGaussian();
            double a = x[i * FEATURES] + 0.5 * x[i * FEATURES + 1], b = x[i * FEATURES + 2] - x[i * FEATURES + 3];
            y[i] = g.nextDouble() < 0.25 ? g.nextInt(3) : a > b ? (a > 0 ? 0 : 1) : 2;
        }
        TaskProfile profile = new TaskProfile(Modality.TABULAR, TaskType.MULTICLASS_CLASSIFICATION, n,
                List.of(FEATURES), List.of("a", "b", "c"), 1, List.of());
        return new PreparedData(profile, Tensor.of(x, n, FEATURES), Tensor.of(y, n), Preprocessing.of(FEATURES));
    }

    /** The labels as longs, for stratified folds. */
    static long[] labels(PreparedData data) {
        return data.targets().toLongArray();
    }

    /** An MLP with batch norm and dropout (buffers and a generator of its own to carry over), at {@code lr}. */
    static Hyperparameters mlp(double lr) {
        return MLP.space().defaults().with("depth", 2).with("width", 32).with("dropout", 0.1)
                .with("batch_norm", true).with("lr", lr).with("batch_size", 16);
    }

    /** The model's weights and buffers, each as its values' bits. */
    static Map<String, List<Long>> bits(Module model) {
        Map<String, List<Long>> bits = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> {
            List<Long> values = new ArrayList<>();
            if (t.dtype().isFloating()) {
                for (double v : t.toDoubleArray()) values.add(Double.doubleToRawLongBits(v));
            } else {
                for (long v : t.toLongArray()) values.add(v);
            }
            bits.put(name, values);
        });
        return bits;
    }

    /** The history's rows without the wall-clock columns, which differ from run to run. */
    static List<Map<String, Double>> curves(History history) {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (Map<String, Double> row : history.epochs()) {
            Map<String, Double> kept = new LinkedHashMap<>(row);
            kept.remove("seconds");
            kept.remove("samples_per_s");
            rows.add(kept);
        }
        return rows;
    }
}
