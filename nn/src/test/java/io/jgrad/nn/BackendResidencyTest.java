package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;
import io.jgrad.nn.init.Init;
import io.jgrad.testing.TransferGuardBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layers, initializers, dropout and the class losses create and compute on their input's backend: under a backend
 * that fails on any host transfer, building, training-mode forward and backward all run, and every parameter lives
 * there. Their values are those the same seeds give on the default backend.
 */
class BackendResidencyTest {
    private static Sequential model() {
        return new Sequential(Conv2d.of(4, 3).padding(1).generator(new Generator(2)), new BatchNorm2d(), new ReLU(),
                new MaxPool2d(2), new Flatten(), Dense.of(16).generator(new Generator(3)), new ReLU(),
                new Dropout(0.3, new Generator(4)), Dense.of(5).generator(new Generator(5)));
    }

    @Test
    void layersBuildAndTrainOnTheInputsBackendWithoutHostTransfers() {
        TransferGuardBackend device = new TransferGuardBackend();
        Tensor x = Tensor.randn(new Generator(1), 2, 3, 6, 6);
        Tensor labels = Tensor.of(new long[] {1, 4});
        Tensor onDevice = x.to(device), labelsOnDevice = labels.to(device);
        Sequential model = model();
        Tensor loss;
        try (var guard = device.guard("building the layers, a forward and a backward pass")) {
            loss = new CrossEntropyLoss().compute(model.forward(onDevice), labelsOnDevice);
            loss.backward();
        }
        for (Tensor p : model.parameters()) {
            assertSame(device, p.backend(), "parameter on the input's backend");
            assertSame(device, p.grad().backend());
        }
        for (Tensor b : model.namedBuffers().values()) assertSame(device, b.backend());
        // The same seeds on the default backend give the same loss and parameters.
        Sequential reference = model();
        double expected = new CrossEntropyLoss().compute(reference.forward(x), labels).item();
        assertEquals(expected, loss.item(), 1e-6);
        assertArrayEquals(reference.parameters().getLast().toFloatArray(), model.parameters().getLast().toFloatArray());
        try (var guard = device.guard("refilling a parameter")) {
            Init.xavierNormal().fill(model.parameters().getFirst(), new Generator(6));
        }
    }

    @Test
    void eagerlyBuiltLayersCreateTheirStateOnTheCurrentBackend() {
        TransferGuardBackend device = new TransferGuardBackend();
        Conv2d conv;
        BatchNorm2d norm;
        try (var on = Backends.use(device); var guard = device.guard("building conv and batch norm")) {
            conv = new Conv2d(3, 4, 3).generator(new Generator(2));
            norm = new BatchNorm2d(4);
        }
        for (Tensor p : conv.parameters()) assertSame(device, p.backend());
        for (Tensor p : norm.parameters()) assertSame(device, p.backend());
        for (Tensor b : norm.namedBuffers().values()) assertSame(device, b.backend());
        assertArrayEquals(new Conv2d(3, 4, 3).generator(new Generator(2)).weight().toFloatArray(), conv.weight().toFloatArray());
    }

    @Test
    void labelsOutOfRangeAreCaughtByTheGatherWithTheLossMessage() {
        TransferGuardBackend device = new TransferGuardBackend();
        Tensor logits = Tensor.zeros(3, 5).to(device);
        Tensor high = Tensor.of(new long[] {0, 7, 2}).to(device), negative = Tensor.of(new int[] {0, 1, -2}).to(device);
        try (var guard = device.guard("loss checks")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CrossEntropyLoss().compute(logits, high));
            assertEquals("CrossEntropyLoss: label 7 is out of range for 5 classes", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new NLLLoss().compute(logits, negative));
            assertEquals("NLLLoss: label -2 is out of range for 5 classes", e.getMessage());
            // The ignored index is not a class and passes.
            Tensor ignored = new CrossEntropyLoss().ignoreIndex(-2).compute(logits, negative);
            assertSame(device, ignored.backend());
        }
        assertTrue(Double.isFinite(new CrossEntropyLoss().ignoreIndex(-2).compute(logits, negative).item()));
    }

    @Test
    void dropoutMasksAreDrawnInTheInputsDtype() {
        TransferGuardBackend device = new TransferGuardBackend();
        Tensor x = Tensor.ones(DType.F64, 40, 50).to(device);
        Tensor y;
        try (var guard = device.guard("dropout")) {
            y = new Dropout(0.5, new Generator(6)).forward(x);
        }
        assertSame(device, y.backend());
        assertEquals(DType.F64, y.dtype());
        for (double v : y.toDoubleArray()) assertTrue(v == 0 || v == 2, "kept values are scaled by 1/(1-p): " + v);
    }
}
