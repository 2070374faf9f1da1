package io.jgrad.train;

import io.jgrad.Generator;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.Dataset;
import io.jgrad.data.Datasets;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** End to end on real data: the fashion-mlp model on a Fashion-MNIST subset must learn within a minute. */
class FashionMnistTrainingTest {
    @Test
    void mlpReachesSeventyFivePercentOnASubsetInTwoEpochsWithinAMinute() throws Exception {
        assumeTrue(Datasets.findFashionMnist(null) != null,
                "Fashion-MNIST files not found in $JGRAD_DATA, ~/.jgrad/datasets or /usr/share/datasets/fashion-mnist");
        // Sized for the SIMD backend (a test dependency); the reference backend's plain loops need ~2 minutes.
        assumeTrue(!Backends.defaultBackend().name().equals("reference"),
                "the default backend is the slow reference backend; this test needs jgrad-backend-cpu to finish in 60 s");
        Datasets.Split data = Datasets.fashionMnist(null);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        float[] firstImage = data.train().inputs().slice(0, 0, 1).toFloatArray();
        assertEquals(784, firstImage.length);
        for (float v : firstImage) assertTrue(v >= 0 && v <= 1, "pixels scaled to [0, 1]");

        Dataset train = data.train().subset(IntStream.range(0, 6000).toArray());
        Dataset test = data.test().subset(IntStream.range(0, 1000).toArray());
        Generator.global().manualSeed(1);
        Module model = new Sequential(new Dense(784, 512), new ReLU(), new Dense(512, 256), new ReLU(), new Dense(256, 10));
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
                .metrics(Metric.accuracy()).progress(Progress.lines(System.out, 10)).build();
        long start = System.nanoTime();
        trainer.fit(DataLoader.builder(train).batchSize(128).shuffle(7).prefetch(2).build(), null, 2);
        Map<String, Double> result = trainer.evaluate(DataLoader.of(test, 500));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fashion-mlp subset on %s: test accuracy %.4f in %.1f s%n", Backends.defaultBackend().name(),
                result.get("accuracy"), seconds);
        assertTrue(result.get("accuracy") >= 0.75, "test accuracy " + result.get("accuracy"));
        assertTrue(seconds < 60, "took " + seconds + " s");
    }
}
