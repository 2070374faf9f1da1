package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.data.Datasets;
import io.jgrad.data.Preprocessing;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;

import java.io.PrintWriter;
import java.util.List;

/** Trains MLP 784-512-256-10 on Fashion-MNIST and writes the model, history and training curves. */
final class FashionMlp {
    private final TrainingHarness harness;

    FashionMlp(PrintWriter out, boolean plain) { this.harness = new TrainingHarness(out, plain); }

    static Module model() {
        return new Sequential(new Dense(784, 512), new ReLU(), new Dense(512, 256), new ReLU(), new Dense(256, 10));
    }

    int train(TrainingHarness.Settings s) throws Exception {
        Standardized standardized = TrainingHarness.onHost(() -> standardized(Datasets.fashionMnist(s.data())));
        TrainingHarness.Data data = harness.prepare("fashion-mlp", "Adam lr", standardized.data(), s);
        Generator.global().manualSeed(s.seed());
        Module model = model();
        return harness.train(new TrainingHarness.Run("fashion-mlp", "Dense(784,512) ReLU Dense(512,256) ReLU Dense(256,10)",
                model, new Adam(model.parameters(), s.lr()), new CrossEntropyLoss(), List.of(),
                TrainingHarness.loader(data.train(), s.batchSize()).shuffle(s.seed()).build(),
                TrainingHarness.loader(data.validation(), 1000).build(),
                TrainingHarness.loader(data.test(), 1000).build(), false, standardized.preprocessing()), s);
    }

    /** The standardized data set and the preprocessing that made it from raw pixels (recorded in the model file). */
    record Standardized(Datasets.Split data, Preprocessing preprocessing) {}

    /**
     * Pixels shifted and scaled by the training set's mean and standard deviation (one value each, as torchvision's
     * Normalize((0.2860,), (0.3530,)) does for Fashion-MNIST), so the first layer sees centred, unit-scale inputs.
     */
    static Standardized standardized(Datasets.Split data) {
        Tensor pixels = data.train().inputs();
        Preprocessing p = Preprocessing.of(784).normalize(pixels.mean().item(), pixels.std().item());
        return new Standardized(new Datasets.Split(
                new TensorDataset(p.apply(pixels), data.train().targets()),
                new TensorDataset(p.apply(data.test().inputs()), data.test().targets())), p);
    }
}
