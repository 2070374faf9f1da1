package io.jgrad.train;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.data.StandardScaler;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
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

    @Test
    void aLazyModelIsBuiltFromTheFilesShapes(@TempDir Path dir) throws Exception {
        Module model = Fixtures.mlp();
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file);
        Module lazy = new Sequential(Dense.of(16), new ReLU(), Dense.of(3)); // no input size: nothing built yet
        ModelFiles.Contents contents = ModelFiles.load(lazy, file);
        assertTrue(contents.extras().isEmpty(), "the model's tensors are not extras: " + contents.extras().keySet());
        Tensor x = Tensor.randn(new Generator(3), 5, 4);
        try (var g = Grad.off()) {
            assertTrue(lazy.eval().forward(x).equalValues(model.eval().forward(x)));
        }
    }

    @Test
    void aModelTheFileCannotBuildOrFitIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(Fixtures.mlp(), file);
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(Dense.of(5), file));
        assertTrue(e.getMessage().contains("the model has no parameters or buffers") && e.getMessage().contains("build"),
                e.getMessage());
        // A layer without bias: the file's bias is not silently returned as an extra.
        Module noBias = new Sequential(new Dense(4, 16, false), new ReLU(), new Dense(16, 3));
        e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(noBias, file));
        assertTrue(e.getMessage().contains("tensors [0.bias] are under the model's layers"), e.getMessage());
    }

    @Test
    void aTensorOfAnotherKindOfDtypeIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Module model = Fixtures.mlp();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(model.stateDict());
        int[] dims = state.get("0.weight").dims();
        state.put("0.weight", Tensor.zeros(DType.I32, dims)); // I32 data where an F32 weight belongs
        Path file = dir.resolve("model.safetensors");
        java.util.List<io.jgrad.io.SafetensorsEntry> entries = new java.util.ArrayList<>();
        state.forEach((k, v) -> entries.add(TensorEntries.toEntry(k, v)));
        io.jgrad.io.SafetensorsFile.write(file, entries, Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(Fixtures.mlp(), file));
        assertTrue(e.getMessage().contains("dtype mismatches [0.weight: model has F32, state has I32]"), e.getMessage());
        // A floating-point file of another precision converts, as loadStateDict documents.
        Module f64 = Fixtures.mlp().to(DType.F64);
        ModelFiles.save(f64, file);
        Module f32 = Fixtures.mlp();
        ModelFiles.load(f32, file);
        assertEquals(DType.F32, f32.parameters().getFirst().dtype());
        assertArrayEquals(f64.parameters().getFirst().to(DType.F32).toFloatArray(), f32.parameters().getFirst().toFloatArray());
    }
}
