package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.data.Preprocessing;
import io.jgrad.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jgrad predict --model DIR --data FILE...}: for an image model of {@code jgrad train}, the most likely class of
 * each input image, with its probability, one line per image: {@code index<TAB>class name<TAB>probability}, the index
 * counting images across the inputs. For a character language model, text generated after each line of the inputs
 * ({@link LanguageModelCommands#generate}); for a seq2seq model, each line's translation
 * ({@link TranslationCommands#predict}). For a model of {@code jgrad select}, the saved input encoding and
 * preprocessing applied to a raw file and the predictions as CSV ({@link SelectedModels#writePredictions}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a saved model. A model of jgrad select: its raw data (a CSV table with the"
                + " columns it was trained on, a text file, images) to CSV rows: row,prediction,probability (class"
                + " names) or row,prediction (values). A Fashion-MNIST model of jgrad train: one line per image,"
                + " index, class name and probability, tab-separated. char-lstm, char-transformer: each line of the"
                + " inputs is a prompt, and text sampled after it is printed (as train prints its sample)."
                + " seq2seq: each line of the inputs is translated, source<TAB>translation.",
        footer = {"", "Images (grayscale, of the size the model takes, 28x28 for the bundled models; nothing is "
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
            description = "A run folder of jgrad train or jgrad select (its model.safetensors) or a model file.")
    Path model;

    @Option(names = {"--data", "--input"}, required = true, paramLabel = "FILE",
            description = "The inputs (repeatable): for a selected model a CSV table or text file like its training"
                    + " data (a target column may be there or not) or images; for a character or seq2seq model a text"
                    + " file, one prompt or source a line (blank lines skipped); else images: PNG, CSV or IDX.")
    List<Path> inputs;

    @Option(names = "--length", paramLabel = "N", description = "Character models: characters generated after each"
            + " prompt (default " + CharLanguageModel.SAMPLE_LENGTH + ").")
    Integer length;

    @Option(names = "--temperature", paramLabel = "T", description = "Character models: sampling temperature, above 0"
            + " (default " + CharLanguageModel.TEMPERATURE + ").")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Character models: sample among the K most likely"
            + " characters, 0 for all (default " + CharLanguageModel.TOP_K + ").")
    Integer topK;

    @Option(names = "--seed", paramLabel = "SEED", description = "Character models: the seed of the draws, each"
            + " prompt's from the start (default: the training run's, so that its prompt gives the sample train"
            + " printed).")
    Long seed;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the predictions to FILE (default: print).")
    Path output;

    @Option(names = "--batch-size", defaultValue = "1000",
            description = "Images, or sources to translate, per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        ModelFiles.Loaded loaded = SavedModels.load(model);
        if (output == null) {
            predict(loaded, spec.commandLine().getOut());
        } else {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output))) {
                predict(loaded, out);
            }
        }
        return 0;
    }

    private void predict(ModelFiles.Loaded loaded, PrintWriter out) throws IOException {
        boolean languageModel = LanguageModelCommands.isLanguageModel(loaded.model());
        if (!languageModel && (length != null || temperature != null || topK != null || seed != null)) {
            throw new IllegalArgumentException("--length, --temperature, --top-k and --seed are for character language"
                    + " models (char-lstm, char-transformer); --model " + model + " is " + kind(loaded));
        }
        if (languageModel) {
            if (length != null && length < 1) {
                throw new IllegalArgumentException("--length must be >= 1, got " + length);
            }
            LanguageModelCommands.generate(loaded, model, inputs, new LanguageModelCommands.Sampling(
                    length != null ? length : CharLanguageModel.SAMPLE_LENGTH,
                    temperature != null ? temperature : CharLanguageModel.TEMPERATURE,
                    topK != null ? topK : CharLanguageModel.TOP_K, seed), out);
            return;
        }
        if (loaded.model() instanceof DateSeq2Seq) {
            TranslationCommands.predict(loaded, model, inputs, batchSize, out);
            return;
        }
        if (SelectedModels.isSelected(loaded)) {
            SelectedModels.writePredictions(loaded, model, inputs, batchSize, out);
            out.flush();
            return;
        }
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
        for (int i = 0; i < classes.length; i++) {
            int c = (int) classes[i];
            String name = c < names.size() ? names.get(c) : Integer.toString(c);
            out.printf(Locale.ROOT, "%d\t%s\t%.4f%n", i, name, p[i * width + c]);
        }
        out.flush();
    }

    /** What the model is, for a message: the trainer's name or the model's class. */
    private static String kind(ModelFiles.Loaded loaded) {
        return loaded.metadata().getOrDefault("model", loaded.model().getClass().getSimpleName());
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
