package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CallbacksTest {
    private final TensorDataset train = Fixtures.blobs(300, 1);
    private final TensorDataset val = Fixtures.blobs(90, 2);

    /** Keeps a copy of the weights after each epoch. */
    private static final class Snapshots implements Callback {
        final List<Map<String, Tensor>> states = new ArrayList<>();

        @Override
        public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
            states.add(EarlyStopping.snapshot(trainer.model().stateDict()));
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Module model = Fixtures.mlp();
        Snapshots snaps = new Snapshots();
        // Watching val_loss as if higher were better: the falling loss never improves on epoch 1.
        EarlyStopping stop = new EarlyStopping(new Monitor("val_loss", Monitor.Mode.MAX, 0), 2, true);
        Trainer t = Fixtures.trainer(model, 0.01).callbacks(snaps, stop).build();
        History h = t.fit(Fixtures.loader(train, 32), Fixtures.loader(val, 90), 20);
        // As in Keras: patience 2 is two epochs without improvement (2 and 3), and training stops after the second.
        assertEquals(3, h.size(), "epoch 1 best, epochs 2-3 without improvement, epoch 3 stops");
        assertEquals(3, stop.stoppedEpoch());
        assertEquals(1, stop.bestEpoch());
        assertTrue(Fixtures.sameState(snaps.states.get(0), model.stateDict()), "weights of epoch 1 restored");
        assertFalse(Fixtures.sameState(snaps.states.get(2), model.stateDict()));
    }

    /** Keras' rule, epoch by epoch: an improvement resets the count; {@code patience} epochs without one stop. */
    @Test
    void earlyStoppingCountsEpochsWithoutImprovementAsKerasDoes() {
        double[] valLoss = {1.0, 0.9, 0.95, 0.8, 0.85, 0.86, 0.87, 0.5};
        for (int patience = 1; patience <= 4; patience++) {
            EarlyStopping stop = new EarlyStopping(new Monitor("val_loss", Monitor.Mode.MIN, 0), patience, false);
            Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).build();
            stop.onTrainBegin(t);
            int epoch = 0;
            while (!t.stopRequested() && epoch < valLoss.length) {
                epoch++;
                stop.onEpochEnd(t, epoch, Map.of("val_loss", valLoss[epoch - 1]));
            }
            // Best at epoch 4; epochs 5, 6, 7 do not improve. Patience 1 already stops at epoch 3 (0.95 > 0.9).
            int expected = switch (patience) {
                case 1 -> 3;
                case 2 -> 6;
                case 3 -> 7;
                default -> 0; // 3 epochs without improvement at most: runs to the end
            };
            assertEquals(expected, stop.stoppedEpoch(), "patience " + patience);
        }
    }

    @Test
    void earlyStoppingWithMinDeltaAndWithoutRestore() {
        Module model = Fixtures.mlp();
        Snapshots snaps = new Snapshots();
        // No real improvement is as large as 100, so only epoch 1 counts as one.
        EarlyStopping stop = new EarlyStopping(new Monitor("val_loss", Monitor.Mode.MIN, 100), 0, false);
        Fixtures.trainer(model, 0.01).callbacks(snaps, stop).build().fit(Fixtures.loader(train, 32), Fixtures.loader(val, 90), 20);
        assertEquals(2, stop.stoppedEpoch());
        assertTrue(Fixtures.sameState(snaps.states.get(1), model.stateDict()), "last weights kept");
    }

    @Test
    void monitorModesFromNames() {
        assertEquals(Monitor.Mode.MAX, Monitor.of("val_accuracy").mode());
        assertEquals(Monitor.Mode.MAX, Monitor.of("f1_macro").mode());
        assertEquals(Monitor.Mode.MIN, Monitor.of("val_loss").mode());
        var e = assertThrows(IllegalStateException.class, () -> Monitor.of("val_nope").valueIn(Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("val_nope") && e.getMessage().contains("loss"));
    }

    @Test
    void checkpointsAreWrittenAndResumingContinuesTheLossCurve(@TempDir Path dir) throws Exception {
        Module initial = Fixtures.mlp();
        // One uninterrupted run of 4 epochs.
        Module full = Fixtures.copyOf(initial);
        History fullHistory = Fixtures.trainer(full, 0.01).build().fit(Fixtures.loader(train, 32), Fixtures.loader(val, 90), 4);

        // The same run stopped after 2 epochs, with checkpoints.
        Module first = Fixtures.copyOf(initial);
        Path ckpt = dir.resolve("ckpt");
        Fixtures.trainer(first, 0.01).callbacks(new ModelCheckpoint(ckpt, "val_loss"))
                .build().fit(Fixtures.loader(train, 32), Fixtures.loader(val, 90), 2);
        assertTrue(Files.size(ckpt.resolve(ModelCheckpoint.LAST)) > 0);
        assertTrue(Files.size(ckpt.resolve(ModelCheckpoint.BEST)) > 0);
        try (var files = Files.list(ckpt)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }

        // A fresh model and optimizer resume from the last checkpoint and finish the 4 epochs.
        Module resumed = Fixtures.mlp();
        Trainer t = Fixtures.trainer(resumed, 0.01).build();
        assertEquals(2, t.resume(ckpt.resolve(ModelCheckpoint.LAST)));
        History h = t.fit(Fixtures.loader(train, 32), Fixtures.loader(val, 90), 4);
        assertEquals(4, h.size());
        for (int e = 0; e < 4; e++) {
            assertEquals(fullHistory.epochs().get(e).get("loss"), h.epochs().get(e).get("loss"), 1e-6, "loss of epoch " + (e + 1));
            assertEquals(fullHistory.epochs().get(e).get("val_loss"), h.epochs().get(e).get("val_loss"), 1e-6);
        }
        assertTrue(Fixtures.sameState(full.stateDict(), resumed.stateDict()) || closeState(full, resumed));
    }

    private static boolean closeState(Module a, Module b) {
        for (var kv : a.stateDict().entrySet()) if (!kv.getValue().allClose(b.stateDict().get(kv.getKey()), 1e-5, 1e-6)) return false;
        return true;
    }

    @Test
    void resumeRejectsAFileThatIsNotACheckpoint(@TempDir Path dir) throws Exception {
        Module m = Fixtures.mlp();
        ModelFiles.save(m, dir.resolve("model.safetensors"));
        var e = assertThrows(java.io.IOException.class, () -> Fixtures.trainer(Fixtures.mlp(), 0.01).build().resume(dir.resolve("model.safetensors")));
        assertTrue(e.getMessage().contains("not a jgrad checkpoint"), e.getMessage());
    }

    @Test
    void historyWriterWritesCsvJsonAndValidPngs(@TempDir Path dir) throws Exception {
        Trainer t = Fixtures.trainer(Fixtures.mlp(), 0.01).metrics(io.jgrad.metrics.Metric.accuracy())
                .callbacks(new HistoryWriter(dir, true)).build();
        History h = t.fit(Fixtures.loader(train, 64), Fixtures.loader(val, 90), 2);
        List<String> csv = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr,samples_per_s,seconds", csv.get(0));
        assertEquals(3, csv.size());
        String[] row2 = csv.get(2).split(",");
        assertEquals("2", row2[0]);
        assertEquals(h.epochs().get(1).get("loss"), Double.parseDouble(row2[1]), 0);
        History back = History.fromJson(Files.readString(dir.resolve("history.json")));
        assertEquals(h.epochs(), back.epochs());
        for (String name : List.of("loss.png", "accuracy.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(img, name + " is a readable image");
            assertEquals(800, img.getWidth());
            assertEquals(500, img.getHeight());
        }
        assertFalse(Files.exists(dir.resolve("val_loss.png")), "validation curves share the training plot");
    }

    @Test
    void lrSchedulerCallbackStepsEachEpoch() {
        Module model = Fixtures.mlp();
        var opt = new io.jgrad.optim.Adam(model.parameters(), 0.1);
        io.jgrad.optim.LrScheduler halve = io.jgrad.optim.LrSchedule.step(1, 0.5).bind(opt);
        Trainer t = Trainer.builder(model, opt, new io.jgrad.nn.CrossEntropyLoss()).progress(Progress.silent())
                .callbacks(new LrSchedulerCallback(halve)).build();
        History h = t.fit(DataLoader.of(train, 100), null, 3);
        assertArrayEquals(new double[] {0.1, 0.05, 0.025}, h.column("lr"), 1e-12);
    }
}
