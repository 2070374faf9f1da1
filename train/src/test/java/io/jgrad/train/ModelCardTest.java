package io.jgrad.train;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.data.Preprocessing;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.nn.BatchNorm1d;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Model files that carry their architecture, preprocessing, class names and training settings. */
class ModelCardTest {
    private static final ModelCard CARD = new ModelCard(Preprocessing.of(1, 2, 2).normalize(0.5, 0.25),
            List.of("cat", "dog", "bird"), Map.of("optimizer", "Adam", "lr", "0.001"), 42L);

    private static Module model() {
        return new Sequential(new io.jgrad.nn.Flatten(), new Dense(4, 5), new BatchNorm1d(5), new ReLU(), new Dense(5,
                3));
    }

    @Test
    void aSavedModelIsRebuiltWithoutItsCodeAndPredictsTheSame(@TempDir Path dir) throws Exception {
        Module model = model();
        Tensor raw = Tensor.rand(new Generator(3), 6, 4);
        model.train().call(CARD.preprocessing().apply(raw)); // running statistics off their initial values
        model.eval();
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file, CARD, Map.of("model", "tiny"));

        ModelFiles.Loaded loaded = ModelFiles.loadModel(file);
        assertEquals(CARD, loaded.card());
        assertEquals("tiny", loaded.metadata().get("model"));
        assertFalse(loaded.model().isTraining());
        try (var g = Grad.off()) {
            Tensor expected = model.call(CARD.preprocessing().apply(raw));
            Tensor actual = loaded.model().call(loaded.card().preprocessing().apply(raw));
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f);
        }
        Map<String, String> meta = SafetensorsFile.read(file).metadata();
        assertEquals("1", meta.get("jgrad.format"));
        assertEquals(ModelCard.jgradVersion(), meta.get("jgrad.version"));
        assertTrue(ModelCard.jgradVersion().matches("\\d+\\.\\d+\\.\\d+.*"), ModelCard.jgradVersion());
        assertEquals("[\"cat\",\"dog\",\"bird\"]", meta.get("jgrad.classes"));
        assertEquals("42", meta.get("jgrad.seed"));
        assertEquals("{\"input_shape\":[1,2,2],\"steps\":[{\"type\":\"normalize\",\"mean\":[0.5],\"std\":[0.25]}]}",
                meta.get("jgrad.preprocessing"));
        assertTrue(meta.get("jgrad.architecture").startsWith("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Flatten\"}"));
    }

    @Test
    void anF64ModelComesBackF64(@TempDir Path dir) throws Exception {
        Module model = new Sequential(new Dense(3, 2)).to(DType.F64);
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file, ModelCard.empty(), Map.of());
        Module back = ModelFiles.loadModel(file).model();
        assertEquals(DType.F64, back.parameters().getFirst().dtype());
        assertTrue(back.stateDict().get("0.weight").equalValues(model.stateDict().get("0.weight")));
    }

    @Test
    void multiheadAttentionWithEveryOptionIsRebuiltFromItsFile(@TempDir Path dir) throws Exception {
        var attention = new io.jgrad.nn.MultiheadAttention(6, 2, 0.1, true, true, true, 4, 5, true);
        Path file = dir.resolve("mha.safetensors");
        ModelFiles.save(attention, file, ModelCard.empty(), Map.of());
        Module back = ModelFiles.loadModel(file).model();
        assertEquals(attention.stateDict().keySet(), back.stateDict().keySet());
        assertTrue(back.stateDict().containsKey("k_proj_weight") && back.stateDict().containsKey("bias_v"));
        attention.eval();
        Generator g = new Generator(4);
        var in = io.jgrad.nn.Inputs.of(Tensor.randn(g, 2, 3, 6), Tensor.randn(g, 2, 4, 4), Tensor.randn(g, 2, 4, 5));
        try (var off = Grad.off()) {
            for (String output : new String[] {"output", "weights"}) {
                float[] expected = attention.call(in).get(output).toFloatArray();
                assertArrayEquals(expected, back.call(in).get(output).toFloatArray(), 0f, output);
            }
        }
    }

    /** A layer of the user's own, which the registry does not know. */
    static final class Scale extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.mul(3); }
    }

    @Test
    void aModelOfUserLayersIsSavedWithoutArchitectureAndLoadsIntoAModelBuiltInCode(@TempDir Path dir) throws Exception {
        Module model = new Sequential(new Dense(2, 2), new Scale());
        Path file = dir.resolve("user.safetensors");
        ModelFiles.save(model, file, CARD, Map.of());
        Map<String, String> meta = SafetensorsFile.read(file).metadata();
        assertNull(meta.get("jgrad.architecture"));
        assertTrue(meta.get("jgrad.architecture.omitted").startsWith("layer " + Scale.class.getName()
                + " has no registered"));
        String message = assertThrows(IllegalArgumentException.class, () -> ModelFiles.loadModel(file)).getMessage();
        assertTrue(message.startsWith(file + " has no architecture to rebuild the model from (layer "
                + Scale.class.getName()), message);
        assertTrue(message.endsWith("load the weights with ModelFiles.load(model, file)"), message);

        Module built = new Sequential(new Dense(2, 2), new Scale());
        ModelFiles.Contents contents = ModelFiles.load(built, file);
        assertEquals(CARD, ModelCard.fromMetadata(contents.metadata(), file.toString()));
        assertTrue(built.stateDict().get("0.weight").equalValues(model.stateDict().get("0.weight")));
    }

    @Test
    void aFileFromANewerFormatOrWithBadValuesIsRefusedByName() {
        Map<String, String> meta = new LinkedHashMap<>(Map.of("jgrad.format", "2", "jgrad.version", "9.0.0"));
        assertEquals("m.st: written in model file format 2 by jgrad 9.0.0; this jgrad (" + ModelCard.jgradVersion()
                + ") reads format 1 and older: update jgrad", assertThrows(IllegalArgumentException.class,
                () -> ModelCard.fromMetadata(meta, "m.st")).getMessage());
        assertEquals("m.st: metadata jgrad.classes must be a JSON array of strings",
                assertThrows(IllegalArgumentException.class,
                () -> ModelCard.fromMetadata(Map.of("jgrad.classes", "[1]"), "m.st")).getMessage());
        assertEquals("m.st: metadata jgrad.seed must be an integer, got \"x\"",
                assertThrows(IllegalArgumentException.class,
                () -> ModelCard.fromMetadata(Map.of("jgrad.seed", "x"), "m.st")).getMessage());
        assertEquals(ModelCard.empty(), ModelCard.fromMetadata(Map.of("other", "tool"), "m.st"));
    }

    @Test
    void jgradKeysBelongToTheCard(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(new Dense(1, 1), dir.resolve("x"), CARD,
                Map.of("jgrad.seed", "1")));
    }

    @Test
    void preprocessingReshapesAndNormalizesAndReadsBack() {
        Preprocessing p = Preprocessing.of(2, 1, 2).then(new Preprocessing.Normalize(List.of(1.0, -1.0), List.of(2.0,
                0.5)));
        Tensor x = p.apply(Tensor.of(new float[] {1, 3, 0, 1, 5, 5, -1, -1}, 2, 4));
        assertEquals("[2, 2, 1, 2]", x.shape().toString());
        assertArrayEquals(new float[] {0, 1, 2, 4, 2, 2, 0, 0}, x.toFloatArray(), 0f);
        assertEquals(p, Preprocessing.fromJson(p.toJson(), "f"));
        assertEquals("preprocessing: expected a batch [N, ...] of examples with 4 values each (input shape [2, 1, 2]),"
                + " got shape [2, 3]", assertThrows(IllegalArgumentException.class,
                () -> p.apply(Tensor.zeros(DType.F32, 2, 3))).getMessage());
        assertEquals("f: preprocessing step 0 has the unknown type 'resize' (known: normalize)",
                assertThrows(IllegalArgumentException.class, () -> Preprocessing.fromJson(
                        "{\"input_shape\":[4],\"steps\":[{\"type\":\"resize\"}]}", "f")).getMessage());
        assertEquals("f: preprocessing step 0: normalize: std must be positive and finite, got [0.0]",
                assertThrows(IllegalArgumentException.class, () -> Preprocessing.fromJson(
                        "{\"input_shape\":[4],\"steps\":[{\"type\":\"normalize\",\"mean\":[0],\"std\":[0]}]}",
                                "f")).getMessage());
    }
}
