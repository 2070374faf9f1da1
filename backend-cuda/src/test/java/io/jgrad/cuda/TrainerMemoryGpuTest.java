package io.jgrad.cuda;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.BatchNorm2d;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Dropout;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.MaxPool2d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;
import io.jgrad.train.History;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device memory does not grow with the trainer's steps: a small CNN with batch norm and dropout, trained by
 * {@code Trainer.fit} on cuda:0 from a dataset in host memory through a loader that copies each batch to the device
 * ahead of its step ({@code DataLoader.Builder.device}), holds exactly as many bytes (and blocks) in the allocator after
 * 1,000 steps as after 10, and learns. Both figures are taken between epochs, when no batch is loaded ahead.
 */
@GpuTest
class TrainerMemoryGpuTest {
    static final int IMAGES = 640, BATCH = 64, CLASSES = 10;

    /** conv(1-8, 3, pad 1) BN ReLU maxpool 2, dropout 0.2, dense 10, on 1x12x12 images; parameters on the default backend. */
    static Module cnn() {
        return new Sequential(new Conv2d(1, 8, 3).padding(1).generator(new Generator(3)), new BatchNorm2d(8), new ReLU(),
                new MaxPool2d(2), new Dropout(0.2, new Generator(4)), new Flatten(),
                new Dense(8 * 6 * 6, CLASSES).generator(new Generator(5)));
    }

    /** Host images [n, 1, 12, 12] of 10 classes: class c lights row c + 1, over noise. */
    static TensorDataset images(long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[IMAGES * 144];
        long[] y = new long[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            int c = i % CLASSES;
            y[i] = c;
            for (int p = 0; p < 144; p++) x[i * 144 + p] = (p / 12 == c + 1 ? 1f : 0f) + (float) (g.nextGaussian() * 0.3);
        }
        try (var host = Backends.use(Device.CPU)) {
            return new TensorDataset(Tensor.of(x, IMAGES, 1, 12, 12), Tensor.of(y, IMAGES));
        }
    }

    /**
     * Waits for the device, and lets the garbage collector's cleaner return what earlier tests in this JVM left
     * unreachable and unclosed, so that it is not freed between the two measurements.
     */
    private static void settle(Backend cuda) throws InterruptedException {
        cuda.synchronize();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    @Test
    void bytesInUseAfter1000StepsEqualThoseAfter10() throws InterruptedException {
        Backend cuda = Backends.named("cuda", Device.cuda(0));
        Module model;
        try (var on = Backends.use(cuda)) {
            model = cnn();
        }
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
                .metrics(Metric.accuracy()).progress(Progress.silent()).build();
        DataLoader loader = DataLoader.builder(images(1)).batchSize(BATCH).shuffle(2).prefetch(2).device(cuda).build();
        assertEquals(10, loader.batchCount());

        trainer.fit(loader, null, 1);
        settle(cuda);
        MemoryStats after10 = Cuda.memoryStats();
        History history = trainer.fit(loader, null, 100);
        settle(cuda);
        MemoryStats after1000 = Cuda.memoryStats();
        System.out.println("gpu memory after 10 trainer steps: " + after10.summary() + "; after 1000: " + after1000.summary());
        assertEquals(after10.allocatedBytes(), after1000.allocatedBytes(), "bytes in use after 10 and after 1,000 steps");
        assertEquals(after10.liveBlocks(), after1000.liveBlocks(), "live blocks after 10 and after 1,000 steps");
        double firstLoss = history.epochs().getFirst().get("loss"), lastLoss = history.last().get("loss");
        assertTrue(lastLoss < firstLoss * 0.5, "the loss went down: " + firstLoss + " -> " + lastLoss);
        assertTrue(history.last().get("accuracy") > 0.9, "training accuracy " + history.last().get("accuracy"));
    }
}
