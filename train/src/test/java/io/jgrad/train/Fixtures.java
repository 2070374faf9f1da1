package io.jgrad.train;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;

import java.util.Map;

/** A small, separable 3-class problem and a matching MLP. */
final class Fixtures {
    private Fixtures() {}

    /** Three Gaussian blobs in 4-D around different centres. */
    static TensorDataset blobs(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) ((j == c ? 2.0 : 0.0) + g.nextGaussian() * 0.7);
        }
        return new TensorDataset(Tensor.of(x, n, 4), Tensor.of(y, n));
    }

    static Module mlp() { return new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 3)); }

    static Module copyOf(Module source) {
        Module m = mlp();
        m.loadStateDict(EarlyStopping.snapshot(source.stateDict()), true);
        return m;
    }

    static Trainer.Builder trainer(Module model, double lr) {
        return Trainer.builder(model, new Adam(model.parameters(), lr), new CrossEntropyLoss()).progress(Progress.silent());
    }

    static DataLoader loader(TensorDataset d, int batch) { return DataLoader.builder(d).batchSize(batch).build(); }

    static boolean sameState(Map<String, Tensor> a, Map<String, Tensor> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (String k : a.keySet()) if (!a.get(k).equalValues(b.get(k))) return false;
        return true;
    }
}
