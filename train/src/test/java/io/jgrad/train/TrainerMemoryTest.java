package io.jgrad.train;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Storage;
import io.jgrad.data.TensorDataset;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.Module;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer releases what each step creates: on a backend that records every storage it hands out, the storages
 * still open after one epoch and after four are the same in number (parameters, optimizer state, gradients, running
 * sums), however many steps ran. On a GPU that is "memory does not grow"; here a leak shows as a growing count.
 */
class TrainerMemoryTest {
    /** The reference backend, recording every storage its ops return. */
    private static final class Recording {
        final List<Storage> handedOut = new ArrayList<>();
        final Backend backend;

        Recording() {
            Backend reference = Backends.named("reference", Device.CPU);
            backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                    (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(reference, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (result instanceof Storage s) handedOut.add(s);
                        if (result instanceof MaxPool2dResult r) {
                            handedOut.add(r.output());
                            handedOut.add(r.indices());
                        }
                        return result;
                    });
        }

        long open() { return handedOut.stream().filter(s -> !((HostStorage) s).isClosed()).distinct().count(); }
    }

    @Test
    void storagesInUseDoNotGrowWithTheNumberOfSteps() {
        Recording recording = new Recording();
        try (var on = Backends.use(recording.backend)) {
            TensorDataset data = Fixtures.blobs(96, 5);
            Module model = Fixtures.mlp();
            Trainer trainer = Fixtures.trainer(model, 0.01).metrics(Metric.accuracy()).build();
            trainer.fit(Fixtures.loader(data, 8), Fixtures.loader(data, 32), 1);
            long afterOneEpoch = recording.open();
            trainer.fit(Fixtures.loader(data, 8), Fixtures.loader(data, 32), 4);
            long afterFour = recording.open();
            assertEquals(afterOneEpoch, afterFour, "storages still open after 1 epoch (12 steps) and after 4 (48 steps)");
            // Parameters stay usable after training; the last step's gradients went with its scope.
            model.parameters().forEach(p -> {
                p.toFloatArray();
                assertNull(p.grad());
            });
            assertTrue(trainer.evaluate(Fixtures.loader(data, 32)).get("accuracy") > 0.8);
            assertEquals(afterFour, recording.open(), "evaluation releases what it creates");
            trainer.predict(data.inputs(), 40);
            assertEquals(afterFour + 1, recording.open(), "predict keeps only its joined result");
        }
    }
}
