package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.nn.Module;
import io.jgrad.train.ModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code evaluate} and {@code predict} share: finding a model file and running its model in batches. */
final class SavedModels {
    /** The model file in a run folder. */
    static final String MODEL_FILE = "model.safetensors";

    private SavedModels() {}

    /**
     * The model rebuilt from {@code --model}: a run folder (its {@code model.safetensors}) or a model file.
     *
     * @throws IllegalArgumentException if there is no such file, naming where it looked
     */
    static ModelFiles.Loaded load(Path model) throws IOException {
        Path file = Files.isDirectory(model) ? model.resolve(MODEL_FILE) : model;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--model " + model + ": " + (Files.isDirectory(model) ? "no "
                    + MODEL_FILE
                    + " in this folder" : "no such file") + " (give the --out folder of jgrad train or a model file)");
        }
        try {
            return ModelFiles.loadModel(file);
        } catch (IllegalArgumentException e) {
            String omitted = ModelFiles.ARCHITECTURE_OMITTED_KEY;
            if (SafetensorsFile.read(file).metadata().getOrDefault(omitted, "").contains("io.jgrad.examples.")) {
                throw new IllegalArgumentException(e.getMessage() + "; a model of jgrad train saved before its type was"
                        + " registered (an earlier jgrad): train it again to use it here", e);
            }
            throw e;
        }
    }

    /** The model's outputs for prepared inputs {@code [n, ...]}, in batches, without recording gradients. */
    static Tensor outputs(Module model, Tensor inputs, int batchSize) {
        List<Tensor> parts = new ArrayList<>();
        try (var g = Grad.off()) {
            for (Tensor batch : inputs.split(batchSize, 0)) parts.add(model.call(batch));
        }
        return parts.size() == 1 ? parts.getFirst() : Tensor.concat(parts, 0);
    }
}
