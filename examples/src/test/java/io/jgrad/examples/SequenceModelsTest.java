package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.decode.StepModel;
import io.jgrad.nn.Inputs;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.nn.Architecture;
import io.jgrad.nn.Module;
import io.jgrad.train.ModelCard;
import io.jgrad.train.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainers' models decode as they train: feeding one token at a time (carrying the state) gives the logits of the
 * whole-sequence forward pass, so sampling and greedy decoding see the model that was trained; and each is rebuilt
 * from its model file (a registered layer type) computing what it computed.
 */
class SequenceModelsTest {
    private static final long[] IDS = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};

    private static float[] row(Tensor logits, int b, int t) { return logits.select(0, b).select(0, t).toFloatArray(); }

    @Test
    void charLstmStepByStepMatchesTheForwardPass() {
        Generator.global().manualSeed(1);
        CharLstm model = new CharLstm(10, 8, 16, 2);
        model.eval();
        try (var g = Grad.off()) {
            Tensor ids = Tensor.of(IDS, 2, 6);
            Tensor full = model.call(ids);
            assertArrayEquals(new int[] {2, 6, 10}, full.shape().dims());
            StepModel.Step<CharLstm.State> s = model.step(ids.narrow(1, 0, 2), null); // a prompt of two, then one by one
            assertArrayEquals(row(full, 1, 1), s.logits().select(0, 1).toFloatArray(), 1e-5f);
            for (int t = 2; t < 6; t++) {
                s = model.step(ids.narrow(1, t, 1), s.state());
                assertArrayEquals(row(full, 0, t), s.logits().select(0, 0).toFloatArray(), 1e-5f, "step " + t);
            }
            CharLstm.State picked = model.select(s.state(), Tensor.of(new long[] {1, 1, 0}, 3));
            assertEquals(3, picked.h().dim(1));
        }
    }

    @Test
    void charTransformerReadsTheLastContextOfAPrefix() {
        Generator.global().manualSeed(2);
        CharTransformer model = new CharTransformer(10, 4, 8, 2, 1);
        model.eval();
        try (var g = Grad.off()) {
            Tensor ids = Tensor.of(IDS, 2, 6);
            Tensor lastFour = model.call(ids.narrow(1, 2, 4));
            assertArrayEquals(row(lastFour, 0, 3), model.nextLogits(ids).select(0, 0).toFloatArray(), 1e-5f);
            // causal: a position's logits do not depend on later characters
            Tensor firstTwo = model.call(ids.narrow(1, 2, 2));
            assertArrayEquals(row(lastFour, 1, 1), row(firstTwo, 1, 1), 1e-5f);
            var e = assertThrows(IllegalArgumentException.class, () -> model.call(ids));
            assertTrue(e.getMessage().contains("T <= 4 (the context length), got shape [2, 6]"), e.getMessage());
        }
    }

    @Test
    void everyTrainersModelIsRebuiltFromItsFileBitForBit(@TempDir Path dir) throws Exception {
        TrainerLayerTypes.register();
        TrainerLayerTypes.register(); // a second call does nothing
        Generator.global().manualSeed(4);
        Tensor ids = Tensor.of(IDS, 2, 6);
        Tensor lengths = Tensor.of(new long[] {6, 4}, 2);
        Map<Module, Inputs> models = new LinkedHashMap<>();
        models.put(new CharLstm(10, 8, 16, 2), Inputs.of(ids));
        models.put(new CharTransformer(10, 6, 8, 2, 2), Inputs.of(ids));
        models.put(new DateSeq2Seq(10, 0, 6, 5), Inputs.of(ids, lengths, ids.narrow(1, 0, 3)));
        models.put(new FashionRnn.RowClassifier(12), Inputs.of(Tensor.rand(new Generator(5), 3, 784)));
        for (Map.Entry<Module, Inputs> e : models.entrySet()) {
            Module original = e.getKey();
            original.eval();
            Path file = dir.resolve(original.getClass().getSimpleName() + ".safetensors");
            ModelFiles.save(original, file, ModelCard.empty(), Map.of());
            String architecture = SafetensorsFile.read(file).metadata().get(ModelFiles.ARCHITECTURE_KEY);
            assertTrue(architecture.startsWith("{\"type\":\"jgrad.examples."), architecture);
            Module rebuilt = ModelFiles.loadModel(file).model();
            assertEquals(original.getClass(), rebuilt.getClass());
            assertEquals(architecture, Architecture.toJson(rebuilt));
            assertEquals(original.stateDict().keySet(), rebuilt.stateDict().keySet());
            try (var g = Grad.off()) {
                assertArrayEquals(original.call(e.getValue()).single().toFloatArray(),
                        rebuilt.call(e.getValue()).single().toFloatArray(), 0f, architecture);
            }
        }
    }

    @Test
    void aTrainersModelSavedWithoutItsArchitectureIsRefusedWithAHint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.safetensors");
        String why = "layer " + CharLstm.class.getName() + " has no registered layer type; build the model in code";
        ModelFiles.save(new CharLstm(5, 4, 4, 1), file, Map.of(), Map.of(ModelFiles.ARCHITECTURE_OMITTED_KEY, why));
        JgradCliTest.Run r = JgradCliTest.run("evaluate", "--model", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("jgrad: " + file + " has no architecture to rebuild the model from (" + why),
                r.err());
        assertTrue(r.err().contains("; a model of jgrad train saved before its type was registered (an earlier jgrad):"
                + " train it again to use it here\n"), r.err());
    }

    @Test
    void dateSeq2SeqDecodesStepByStepAsItTrains() {
        Generator.global().manualSeed(3);
        int pad = 0;
        DateSeq2Seq model = new DateSeq2Seq(12, pad, 6, 5);
        model.eval();
        try (var g = Grad.off()) {
            Tensor source = Tensor.of(new long[] {4, 5, 6, 7, 8, 9, 10, 0}, 2, 4); // the second row is padded
            Tensor lengths = Tensor.of(new long[] {4, 3}, 2);
            Tensor decoderIn = Tensor.of(new long[] {1, 3, 4, 5, 1, 6, 7, 8}, 2, 4);
            Tensor full = model.call(Inputs.of(source, lengths, decoderIn)).single();
            assertArrayEquals(new int[] {2, 4, 12}, full.shape().dims());
            StepModel.Step<DateSeq2Seq.State> s = model.step(decoderIn.narrow(1, 0, 1), model.encode(source, lengths));
            for (int t = 1; t < 4; t++) {
                s = model.step(decoderIn.narrow(1, t, 1), s.state());
                assertArrayEquals(row(full, 1, t), s.logits().select(0, 1).toFloatArray(), 1e-5f, "step " + t);
            }
        }
    }
}
