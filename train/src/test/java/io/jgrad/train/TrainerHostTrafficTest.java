package io.jgrad.train;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.BatchNorm2d;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Dropout;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.MaxPool2d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.testing.HostTrafficBackend;
import io.jgrad.testing.HostTrafficBackend.Counts;
import io.jgrad.testing.OpaqueStorageBackend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a training step costs in host round trips on a device, counted on a stand-in device
 * ({@link HostTrafficBackend} over {@link OpaqueStorageBackend}, posing as cuda:7): the model is on the device, the
 * dataset on the host, and the loader copies each batch to the device on its own thread, ahead of the step.
 * <ul>
 *   <li>The trainer's thread uploads nothing and downloads nothing per step, except the running loss, which it reads
 *       about once a second (so at most one step per elapsed second reads one scalar).</li>
 *   <li>Its only index ops are the cross-entropy's pick of each row's label and that pick's gradient (a gather and a
 *       scatterAdd): the CUDA backend checks index values with a synchronous 8-byte read in each, so on it these are
 *       the two reads left per step (the report of this change explains why they stay).</li>
 *   <li>The loader's thread uploads each batch (inputs and targets) and reads nothing back.</li>
 *   <li>Every storage a step creates is closed by the step's end, the loader's copies included.</li>
 * </ul>
 */
class TrainerHostTrafficTest {
    private static final Device DEVICE = Device.cuda(7);
    private static final int BATCH = 8;

    private static HostTrafficBackend device() {
        return HostTrafficBackend.over(OpaqueStorageBackend.INSTANCE, DEVICE, OpaqueStorageBackend::isClosed);
    }

    /** A model whose parameters are made on the stand-in device. */
    private static Module builtOn(HostTrafficBackend device, Supplier<Module> model) {
        try (var on = Backends.use(device.backend())) {
            return model.get();
        }
    }

    /** Records what the trainer's thread did in each step (up to the step's onBatchEnd). */
    private static final class PerStep implements Callback {
        final HostTrafficBackend counter;
        final List<Counts> steps = new ArrayList<>();
        final List<Long> open = new ArrayList<>();
        Counts last;

        PerStep(HostTrafficBackend counter) {
            this.counter = counter;
        }

        @Override
        public void onTrainBegin(Trainer trainer) { last = counter.on(Thread.currentThread()); }

        @Override
        public void onBatchEnd(Trainer trainer, int batch, Tensor loss) {
            Counts now = counter.on(Thread.currentThread());
            steps.add(now.minus(last));
            last = now;
            open.add(counter.openStorages());
        }
    }

    @Test
    void anMlpStepReadsNothingButTheLossLabelsChecks() {
        checkSteps(() -> new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 3)), Fixtures.blobs(400, 3));
    }

    @Test
    void aCnnStepWithBatchNormAndDropoutReadsNothingButTheLossLabelsChecks() {
        checkSteps(TrainerHostTrafficTest::cnn, images(400, 5));
    }

    /** conv(1-4) BN ReLU maxpool dropout dense: on 8x8 images of 3 classes. */
    private static Module cnn() {
        return new Sequential(new Conv2d(1, 4, 3).padding(1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Dropout(0.25, new Generator(4)), new Flatten(), new Dense(4 * 4 * 4, 3));
    }

    /** Images [n, 1, 8, 8] whose class (0..2) is the brighter third of rows. */
    private static TensorDataset images(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 64];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            for (int p = 0; p < 64; p++) x[i * 64 + p] = (float) ((p / 8) / 3 == c ? 1 : 0) + (float) (g.nextGaussian() * 0.3);
        }
        return new TensorDataset(Tensor.of(x, n, 1, 8, 8), Tensor.of(y, n));
    }

    private static void checkSteps(Supplier<Module> model, TensorDataset hostData) {
        HostTrafficBackend counter = device();
        Module m = builtOn(counter, model);
        PerStep perStep = new PerStep(counter);
        Trainer trainer = Fixtures.trainer(m, 0.01).metrics(Metric.accuracy()).callbacks(perStep).build();
        DataLoader loader = DataLoader.builder(hostData).batchSize(BATCH).shuffle(1).prefetch(2)
                .device(counter.backend()).build();
        long start = System.nanoTime();
        trainer.fit(loader, null, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        int steps = loader.batchCount();
        assertEquals(steps, perStep.steps.size());

        int stepsThatRead = 0;
        for (int i = 0; i < steps; i++) {
            Counts c = perStep.steps.get(i);
            String at = "step " + (i + 1) + ": " + c;
            assertEquals(0, c.uploads(), at + ": the trainer's thread uploads nothing");
            assertEquals(0, c.downloadsInDefaults(), at + ": no fused op reads back");
            assertEquals(2, c.indexOps(), at + ": the loss's label gather and its gradient, nothing else");
            assertTrue(c.downloads() <= 1, at + ": at most the running loss is read");
            stepsThatRead += (int) c.downloads();
        }
        assertTrue(stepsThatRead <= seconds / 1.0 + 1, stepsThatRead + " steps read the loss in " + seconds + " s");

        Thread loaderThread = counter.threads().stream().filter(t -> t.getName().equals("jgrad-dataloader")).findFirst()
                .orElseThrow();
        Counts loading = counter.on(loaderThread);
        assertEquals(new Counts(0, 0, 2L * steps, 0, 0, 0), loading, "the loader uploads inputs and targets, reads nothing");
    }

    @Test
    void eachStepClosesWhatItCreatedTheLoadersCopyIncluded() {
        HostTrafficBackend counter = device();
        Module m = builtOn(counter, TrainerHostTrafficTest::cnn);
        PerStep perStep = new PerStep(counter);
        Trainer trainer = Fixtures.trainer(m, 0.01).metrics(Metric.accuracy()).callbacks(perStep).build();
        // Loaded in the step (no batches ahead, whose number would vary), so each step's count is comparable.
        trainer.fit(DataLoader.builder(images(96, 8)).batchSize(BATCH).device(counter.backend()).build(), null, 2);
        // Measured at the same point of every step, except each epoch's first, where the running accuracy is still the
        // step's own count (one storage fewer).
        List<Long> open = perStep.open;
        for (int i = 2; i < open.size(); i++) {
            if (i % 12 == 0) continue;
            assertEquals(open.get(1), open.get(i), "storages open in step " + (i + 1) + " and in step 2: " + open);
        }
    }

    @Test
    void storagesOpenAfterAnEpochDoNotGrowWithTheEpochsLoaderCopiesIncluded() {
        HostTrafficBackend counter = device();
        Module m = builtOn(counter, TrainerHostTrafficTest::cnn);
        TensorDataset data = images(96, 7);
        Trainer trainer = Fixtures.trainer(m, 0.01).metrics(Metric.accuracy()).build();
        DataLoader train = DataLoader.builder(data).batchSize(BATCH).shuffle(2).prefetch(2).device(counter.backend()).build();
        DataLoader validation = DataLoader.builder(data).batchSize(32).prefetch(2).device(counter.backend()).build();
        trainer.fit(train, validation, 1);
        long afterOne = counter.openStorages();
        trainer.fit(train, validation, 4);
        assertEquals(afterOne, counter.openStorages(), "storages open after 1 epoch (12 steps) and after 4 (48 steps)");
        Map<String, Double> logs = trainer.evaluate(validation);
        assertEquals(afterOne, counter.openStorages(), "evaluation releases what it creates: " + logs);
    }

    @Test
    void anEpochClosedEarlyReleasesTheBatchesLoadedAhead() throws InterruptedException {
        HostTrafficBackend counter = device();
        DataLoader loader = DataLoader.builder(images(96, 9)).batchSize(BATCH).prefetch(3).device(counter.backend()).build();
        try (DataLoader.Epoch epoch = loader.iterator()) {
            try (var batch = epoch.next()) {
                assertTrue(batch.ownsItsTensors());
                assertEquals(DEVICE, batch.inputs().device());
                assertEquals(DEVICE, batch.targets().device());
            }
            for (int i = 0; i < 100 && counter.openStorages() < 6; i++) Thread.sleep(10); // three batches ahead
        }
        assertEquals(0, counter.openStorages(), "the batches queued when the epoch was closed were released");
    }
}
