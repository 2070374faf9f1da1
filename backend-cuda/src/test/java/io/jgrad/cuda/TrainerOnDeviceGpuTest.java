package io.jgrad.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Adam;
import io.jgrad.train.History;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trainer gives the same run on cuda:0 as on the host with the same seeds: the CNN of {@link TrainerMemoryGpuTest}
 * (batch norm, dropout drawn from the same Philox stream on both), trained three epochs from host data, once on the
 * reference backend and once on the device through a prefetching loader, has the same per-epoch loss and accuracy
 * (loss within 1e-3 relative, accuracy within 1 point) and the same validation figures.
 */
@GpuTest
class TrainerOnDeviceGpuTest {
    @Test
    void aRunOnTheDeviceMatchesTheSameRunOnTheHost() {
        TensorDataset data = TrainerMemoryGpuTest.images(7);
        Backend host = Backends.named("reference", Device.CPU);
        Backend cuda = Backends.named("cuda", Device.cuda(0));
        List<Map<String, Double>> onHost = run(host, data, null).epochs();
        List<Map<String, Double>> onDevice = run(cuda, data, cuda).epochs();
        for (int e = 0; e < onHost.size(); e++) {
            Map<String, Double> h = onHost.get(e), d = onDevice.get(e);
            String at = "epoch " + (e + 1) + ": host " + h + ", device " + d;
            for (String loss : List.of("loss", "val_loss")) assertEquals(h.get(loss), d.get(loss), 1e-3 * h.get(loss), at);
            for (String acc : List.of("accuracy", "val_accuracy")) assertEquals(h.get(acc), d.get(acc), 0.01, at);
        }
    }

    /** Three epochs with the model on {@code backend}, batches copied to {@code target} (null: none). */
    private static History run(Backend backend, TensorDataset data, Backend target) {
        Module model;
        try (var on = Backends.use(backend)) {
            model = TrainerMemoryGpuTest.cnn();
        }
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
                .metrics(Metric.accuracy()).progress(Progress.silent()).build();
        DataLoader train = DataLoader.builder(data).batchSize(TrainerMemoryGpuTest.BATCH).shuffle(3).prefetch(2)
                .device(target).build();
        DataLoader validation = DataLoader.builder(data).batchSize(128).prefetch(2).device(target).build();
        return trainer.fit(train, validation, 3);
    }
}
