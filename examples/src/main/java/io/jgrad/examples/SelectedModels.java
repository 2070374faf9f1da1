package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import io.jgrad.select.Selection;
import io.jgrad.select.TaskType;
import io.jgrad.select.analyse.InputEncoding;
import io.jgrad.select.analyse.TargetScaling;
import io.jgrad.select.candidates.FeatureEncoding;
import io.jgrad.train.ModelFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code predict} and {@code inspect} do with a model saved by {@code jgrad select}: its raw inputs (a table, a
 * text file or images) through the saved input encoding, preprocessing and feature encoding, and its predictions as
 * CSV, class names for classification and values for regression.
 */
final class SelectedModels {
    private SelectedModels() {}

    /** Whether the model file was written by {@code jgrad select} (it names the selected family). */
    static boolean isSelected(ModelFiles.Loaded loaded) {
        return loaded.metadata().containsKey(Selection.FAMILY_KEY);
    }

    /** The task the model was selected for, from its metadata (classification when it has class names). */
    static TaskType task(ModelFiles.Loaded loaded) {
        String name = loaded.metadata().get(Selection.TASK_KEY);
        if (name != null) {
            try {
                return TaskType.valueOf(name);
            } catch (IllegalArgumentException e) {
                // an unknown name: fall back on the class names below
            }
        }
        return loaded.card().classNames().isEmpty() ? TaskType.REGRESSION : TaskType.MULTICLASS_CLASSIFICATION;
    }

    /**
     * The model's inputs for the raw files {@code inputs}: table rows or texts through the saved input encoding, or
     * grayscale images (PNG, CSV of pixels, IDX) for an image model; then the preprocessing and the feature encoding.
     *
     * @throws IllegalArgumentException if a file does not fit the model (a column missing, listing the file's)
     */
    static Tensor modelInputs(ModelFiles.Loaded loaded, Path model, List<Path> inputs) throws IOException {
        Preprocessing prep = loaded.card().preprocessing();
        if (prep == null) {
            throw new IllegalArgumentException("--model " + model + ": the model file records no input preprocessing"
                    + " (jgrad.preprocessing); save it again with jgrad select");
        }
        InputEncoding encoding = InputEncoding.fromMetadata(loaded.metadata(), model.toString());
        List<Tensor> parts = new ArrayList<>();
        if (encoding != null) {
            for (Path input : inputs) parts.add(encoding.encodeFile(input));
        } else {
            int[] size = PredictCommand.imageSize(prep);
            List<Integer> shape = prep.inputShape();
            if (shape.size() == 3 && shape.getFirst() != 1) {
                throw new IllegalArgumentException("--model " + model + ": the model takes " + shape.getFirst()
                        + "-channel images, but predict reads grayscale ones only");
            }
            ImageInputs reader = new ImageInputs(size[0], size[1]);
            for (Path input : inputs) parts.add(reader.read(input));
        }
        Tensor raw = parts.size() == 1 ? parts.getFirst() : Tensor.concat(parts, 0);
        return FeatureEncoding.fromDescription(loaded.card().hyperparameters()).apply(prep.apply(raw));
    }

    /**
     * Writes the predictions for {@code inputs} as CSV with a header: {@code row,prediction,probability} (the most
     * likely class's name and probability) for classification, {@code row,prediction} for regression (in the
     * target's units: the saved {@link TargetScaling} maps the model's outputs back); rows count from 0 across the
     * inputs.
     */
    static void writePredictions(ModelFiles.Loaded loaded, Path model, List<Path> inputs, int batchSize,
                                 PrintWriter out) throws IOException {
        Tensor outputs = SavedModels.outputs(loaded.model(), modelInputs(loaded, model, inputs), batchSize);
        if (!task(loaded).isClassification()) {
            TargetScaling scaling = TargetScaling.fromMetadata(loaded.metadata(), model.toString());
            float[] values = (scaling == null ? outputs : scaling.restore(outputs)).reshape(-1).toFloatArray();
            out.println("row,prediction");
            for (int i = 0; i < values.length; i++) out.printf(Locale.ROOT, "%d,%s%n", i, values[i]);
            return;
        }
        Tensor probabilities = outputs.softmax(1);
        long[] classes = probabilities.argmax(1, false).toLongArray();
        float[] p = probabilities.toFloatArray();
        int width = probabilities.dim(1);
        List<String> names = loaded.card().classNames();
        out.println("row,prediction,probability");
        for (int i = 0; i < classes.length; i++) {
            int c = (int) classes[i];
            String name = c < names.size() ? names.get(c) : Integer.toString(c);
            out.printf(Locale.ROOT, "%d,%s,%.4f%n", i, csvField(name), p[i * width + c]);
        }
    }

    /** A short account of a selected model for {@code inspect}: family, task, metric and test figure. */
    static String summary(Map<String, String> metadata) {
        String task = metadata.getOrDefault(Selection.TASK_KEY, "?").toLowerCase(Locale.ROOT).replace('_', ' ');
        String score = metadata.get(Selection.TEST_SCORE_KEY);
        String test = score == null ? "" : ", test " + metadata.getOrDefault(Selection.METRIC_KEY, "score") + ": " + score;
        String input = metadata.containsKey(InputEncoding.METADATA_KEY) ? "raw table rows or texts"
                : "grayscale images";
        return "selected by jgrad select: " + metadata.get(Selection.FAMILY_KEY) + " for " + task + test
                + "; takes " + input + " (./jgrad predict --model DIR --data FILE)";
    }

    /** {@code s} as a CSV field: quoted when it holds a comma, a quote or a line break. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
