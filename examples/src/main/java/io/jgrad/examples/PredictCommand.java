package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import io.jgrad.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jgrad predict --model DIR --input FILE...}: the most likely class of each input image, with its probability,
 * one line per image: {@code index<TAB>class name<TAB>probability}, the index counting images across the inputs.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images with a saved model: one line per image, index, class name and probability,"
                + " tab-separated.",
        footer = {"", "Inputs (grayscale, of the size the model takes, 28x28 for the bundled models; nothing is "
                + "resized):",
                "  *.png        one image (also .jpg, .bmp, .gif; needs the java.desktop module); colour is converted",
                "               to gray by luminance",
                "  *.csv        one image per row: 784 pixel values 0-255, row-major; a non-numeric first row is "
                        + "skipped",
                "  other files  IDX images, raw or gzip'd (e.g. t10k-images-idx3-ubyte.gz)"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A run folder of jgrad train (its model.safetensors) or a model file.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Images: PNG, CSV or IDX (repeatable).")
    List<Path> inputs;

    @Option(names = "--batch-size", defaultValue = "1000",
            description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        ModelFiles.Loaded loaded = SavedModels.load(model);
        Preprocessing prep = loaded.card().preprocessing();
        if (prep == null) {
            throw new IllegalArgumentException("--model " + model + ": the model file records no input preprocessing"
                    + " (jgrad.preprocessing), so the image size it takes is unknown; save it with a ModelCard");
        }
        int[] size = imageSize(prep);
        ImageInputs reader = new ImageInputs(size[0], size[1]);
        List<Tensor> parts = new ArrayList<>();
        for (Path input : inputs) parts.add(reader.read(input));
        Tensor images = parts.size() == 1 ? parts.getFirst() : Tensor.concat(parts, 0);
        Tensor probabilities = SavedModels.outputs(loaded.model(), prep.apply(images), batchSize).softmax(1);
        long[] classes = probabilities.argmax(1, false).toLongArray();
        float[] p = probabilities.toFloatArray();
        int width = probabilities.dim(1);
        List<String> names = loaded.card().classNames();
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < classes.length; i++) {
            int c = (int) classes[i];
            String name = c < names.size() ? names.get(c) : Integer.toString(c);
            out.printf(Locale.ROOT, "%d\t%s\t%.4f%n", i, name, p[i * width + c]);
        }
        out.flush();
        return 0;
    }

    /**
     * The image height and width the preprocessing takes: its last two dimensions ({@code [1, 28, 28]}), or the side
     * of a square for a flat input ({@code [784]}).
     */
    static int[] imageSize(Preprocessing prep) {
        List<Integer> shape = prep.inputShape();
        if (shape.size() >= 2) return new int[] {shape.get(shape.size() - 2), shape.getLast()};
        int side = (int) Math.round(Math.sqrt(shape.getFirst()));
        if (side * side != shape.getFirst()) {
            throw new IllegalArgumentException("the model takes inputs of " + shape.getFirst() + " values, not a square"
                    + " image; give them as IDX with the model's own layout");
        }
        return new int[] {side, side};
    }
}
