package io.jgrad.train;

import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.data.StandardScaler;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelFilesTest {
    @Test
    void aLoadedModelPredictsExactlyLikeTheSavedOne(@TempDir Path dir) throws Exception {
        TensorDataset data = Fixtures.blobs(60, 3);
        Module model = Fixtures.mlp();
        Fixtures.trainer(model, 0.01).build().fit(Fixtures.loader(data, 20), null, 2);
        StandardScaler scaler = new StandardScaler().fit(data.inputs());
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file, scaler.stateDict("scaler."), Map.of("task", "blobs"));

        Module fresh = Fixtures.mlp();
        ModelFiles.Contents contents = ModelFiles.load(fresh, file);
        assertEquals("blobs", contents.metadata().get("task"));
        StandardScaler loaded = new StandardScaler().loadStateDict(contents.extras(), "scaler.");
        try (var g = Grad.off()) {
            Tensor expected = model.eval().forward(scaler.transform(data.inputs()));
            Tensor actual = fresh.eval().forward(loaded.transform(data.inputs()));
            assertTrue(actual.equalValues(expected));
        }
    }

    @Test
    void extrasMayNotShadowModelTensors(@TempDir Path dir) {
        Module model = Fixtures.mlp();
        String name = model.stateDict().keySet().iterator().next();
        assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.save(model, dir.resolve("m.safetensors"), Map.of(name, Tensor.zeros(1)), Map.of()));
    }

    @Test
    void tensorEntriesRoundTripEveryDtype() {
        for (Tensor t : new Tensor[] {Tensor.of(new float[] {1.5f, -2}, 2), Tensor.of(new double[] {1e-300, 3}, 1, 2),
                Tensor.of(new int[] {7, -8}, 2), Tensor.of(new long[] {1L << 40}, 1), Tensor.of(new boolean[] {true, false}, 2),
                Tensor.scalar(4)}) {
            Tensor back = TensorEntries.toTensor(TensorEntries.toEntry("t", t));
            assertEquals(t.dtype(), back.dtype());
            assertEquals(t.shape(), back.shape());
            assertTrue(back.equalValues(t));
        }
    }
}
