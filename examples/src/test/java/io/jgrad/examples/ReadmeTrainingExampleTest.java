package io.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.Datasets;
import io.jgrad.data.Splits;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;
import io.jgrad.train.ModelFiles;
import io.jgrad.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's training example as written (the lines between the markers are the README's code). */
class ReadmeTrainingExampleTest {
    @Test
    void readmeTrainingExampleRunsAndLearns(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is not installed");
        Path modelFile = tmp.resolve("mlp.safetensors");

        // --- README example start ---
        Datasets.Split data = Datasets.fashionMnist(null);   // Debian's copy, $JGRAD_DATA or ~/.jgrad/datasets
        Module model = new Sequential(Dense.of(256), new ReLU(), Dense.of(10)).build(784);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
                .metrics(Metric.accuracy())
                .build();
        // 5,000 training images (1 in 12, stratified by class) held out for validation; the test set is used once.
        long[] labels = data.train().targets().toLongArray();
        Splits.Parts parts = Splits.apply(data.train(), Splits.stratified(labels, 1.0 / 12, 0, 42));
        DataLoader train = DataLoader.builder(parts.train()).batchSize(128).shuffle(42).build();
        DataLoader validation = DataLoader.builder(parts.validation()).batchSize(1000).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(1000).build();
        trainer.fit(train, validation, 1);                   // val_loss and val_accuracy after each epoch
        System.out.println(trainer.evaluate(test));          // at the end: {loss=..., accuracy=...}
        ModelFiles.save(model, modelFile);                    // safetensors, written atomically
        // --- README example end ---

        Map<String, Double> result = trainer.evaluate(test);
        assertTrue(result.get("accuracy") > 0.80, "one epoch should pass 0.80 test accuracy, got " + result);

        Module fresh = new Sequential(Dense.of(256), new ReLU(), Dense.of(10)).build(784);
        ModelFiles.load(fresh, modelFile);
        Tensor images = data.test().inputs().narrow(0, 0, 64);
        model.eval();
        fresh.eval();
        assertEquals(0, model.forward(images).sub(fresh.forward(images)).abs().max().item(),
                "a reloaded model predicts exactly what the saved one did");
    }
}
