package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.Dataset;
import io.jgrad.data.Datasets;
import io.jgrad.data.augment.Augmentation;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Adam;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CNN trainers: model shapes, a CI-sized training run on real data, and the CLI's output. */
class FashionCnnTest {
    @Test
    void modelsHaveTheDocumentedShapes() {
        Module cnn = FashionCnn.cnn();
        // conv 1-32: 320, conv 32-64: 18,496, dense 3136-128: 401,536, dense 128-10: 1,290 (as PyTorch counts them)
        assertEquals(320 + 18_496 + 401_536 + 1_290, cnn.parameterCount());
        assertTrue(cnn.summary(1, 28, 28).contains("(None, 64, 7, 7)"));
        Module resnet = FashionCnn.resnet();
        // stem 288 + BN 64; block 32-64: 18,432 + 36,864 + 2,048 (projection) + 3 BNs of 128; block 64-128: 73,728 +
        // 147,456 + 8,192 + 3 BNs of 256; dense 128-10: 1,290
        assertEquals(288 + 64 + (18_432 + 36_864 + 2_048 + 3 * 128) + (73_728 + 147_456 + 8_192 + 3 * 256) + 1_290,
                resnet.parameterCount());
        String s = resnet.summary(1, 28, 28);
        assertTrue(s.contains("(None, 128, 7, 7)"), s);
        assertTrue(s.contains("(None, 10)"), s);
    }

    @Test
    void cnnReachesEightyPercentOnASubsetWithinAMinute() throws Exception {
        assumeTrue(Datasets.findFashionMnist(null) != null,
                "Fashion-MNIST files not found in $JGRAD_DATA, ~/.jgrad/datasets or /usr/share/datasets/fashion-mnist");
        assumeTrue(!Backends.defaultBackend().name().equals("reference"), "needs the SIMD backend (jgrad-backend-cpu) to be fast enough");
        Datasets.Split data = Datasets.fashionMnist(null);
        Dataset train = data.train().subset(IntStream.range(0, 6000).toArray());
        Dataset test = data.test().subset(IntStream.range(0, 1000).toArray());
        Generator.global().manualSeed(1);
        Module model = FashionCnn.cnn();
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
                .metrics(Metric.accuracy()).progress(Progress.lines(new PrintWriter(System.out, true), 10)).build();
        Augmentation images = Augmentation.images(1, 28, 28).normalize(FashionCnn.MEAN, FashionCnn.STD).build();
        long start = System.nanoTime();
        trainer.fit(DataLoader.builder(train).batchSize(128).shuffle(7).prefetch(2).transform(images).build(), null, 2);
        Map<String, Double> result = trainer.evaluate(DataLoader.builder(test).batchSize(500).transform(images).build());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fashion-cnn subset on %s: test accuracy %.4f in %.1f s%n", Backends.defaultBackend().name(),
                result.get("accuracy"), seconds);
        assertTrue(result.get("accuracy") >= 0.80, "test accuracy " + result.get("accuracy"));
        assertTrue(seconds < 60, "took " + seconds + " s"); // typically 20-35 s on two shared cores
    }

    @Test
    void cliTrainsBothModelsAndPrintsTheAccuracyLast(@TempDir Path dir) throws Exception {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        for (String model : List.of("fashion-cnn", "fashion-resnet")) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = JgradCli.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            Path runDir = dir.resolve(model);
            int code = cl.execute("train", model, "--epochs", "1", "--limit", "200", "--batch-size", "50", "--out", runDir.toString(), "--plain");
            assertEquals(0, code, err.toString());
            List<String> lines = out.toString().lines().toList();
            assertTrue(lines.getFirst().startsWith(model + ": 200 training and 200 test images"), out.toString());
            assertTrue(out.toString().contains("s per epoch"), out.toString());
            assertTrue(lines.getLast().matches("test accuracy: 0\\.\\d{4}"), lines.getLast());
            assertTrue(Files.size(runDir.resolve("model.safetensors")) > 0);
        }
    }
}
