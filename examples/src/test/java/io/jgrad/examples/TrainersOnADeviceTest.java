package io.jgrad.examples;

import io.jgrad.Autocast;
import io.jgrad.Device;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.data.Datasets;
import io.jgrad.testing.HostTrafficBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled trainers with a device as the default backend (as {@code --device cuda} makes it), on a stand-in device
 * ({@link HostTrafficBackend} over the CPU backend, posing as cuda:7): the dataset stays in host memory and only
 * batches travel, each copied by a loader thread (inputs and targets, two uploads a batch), while the trainer's thread
 * uploads nothing.
 */
class TrainersOnADeviceTest {
    @Test
    void theBundledTrainersKeepTheDataOnTheHostAndCopyOnlyBatches(@TempDir Path dir) throws Exception {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        for (String model : List.of("fashion-mlp", "fashion-cnn")) {
            HostTrafficBackend device = HostTrafficBackend.over(Backends.forDevice(Device.CPU), Device.cuda(7),
                    s -> ((HostStorage) s).isClosed());
            StringWriter out = new StringWriter();
            var settings = new TrainingHarness.Settings(1, 50, 1e-3, null, dir.resolve(model), 42, 200,
                    Autocast.Precision.F32);
            try (var on = Backends.use(device.backend())) {
                PrintWriter printer = new PrintWriter(out, true);
                int code = model.equals("fashion-mlp") ? new FashionMlp(printer, true).train(settings)
                        : new FashionCnn(printer, true).train(FashionCnn.Kind.CNN, settings);
                assertEquals(0, code);
            }
            List<String> lines = out.toString().lines().toList();
            assertTrue(lines.getFirst().contains("backend host-traffic-cpu"), lines.getFirst());
            assertTrue(lines.getLast().matches("test accuracy: 0\\.\\d{4}"), lines.getLast());

            Thread main = Thread.currentThread();
            assertEquals(0, device.on(main).uploads(), model + ": the trainer's thread uploads nothing");
            long loaderUploads = device.threads().stream().filter(t -> t != main).mapToLong(t -> device.on(t).uploads()).sum();
            // About 183 training images in batches of 50 (the rest of the 200 held out for validation, in one batch),
            // 200 test images in one batch: 6 batches of inputs and targets.
            assertEquals(2 * (4 + 1 + 1), loaderUploads, model + ": only batches were copied to the device");
        }
    }
}
