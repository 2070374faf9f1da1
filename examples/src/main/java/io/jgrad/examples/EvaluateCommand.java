package io.jgrad.examples;

import io.jgrad.Tensor;
import io.jgrad.data.Datasets;
import io.jgrad.data.TensorDataset;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jgrad evaluate --model DIR [--data DIR]}: rebuilds a saved model from its file and evaluates it on the test
 * part of the data it was trained on. A Fashion-MNIST model: the test split prepared with the file's preprocessing,
 * the loss (cross-entropy) and the accuracy. A character language model: bits per character
 * ({@link LanguageModelCommands}). A seq2seq model: the exact-match rate of its translations
 * ({@link TranslationCommands}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model of jgrad train on the test part of the data it was trained on:"
                + " Fashion-MNIST models (fashion-mlp, -cnn, -resnet, -rnn): test loss and accuracy;"
                + " char-lstm, char-transformer: test loss and bits per character; seq2seq: exact match of the"
                + " greedy translations.")
final class EvaluateCommand implements Callable<Integer> {
    /** The test split's files in the MNIST layout. */
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz", TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A run folder of jgrad train (its model.safetensors) or a model file.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST models: folder with the IDX files"
            + " (default: as jgrad train looks: $JGRAD_DATA, ~/.jgrad/datasets, /usr/share/datasets/fashion-mnist)."
            + " Character models: a folder of text files (its test part, the last 10%% of every file, as train splits"
            + " it) or a text file (all of it); default: the corpus the model was trained on. seq2seq: a file of"
            + " source<TAB>target lines; default: the training run's test dates.")
    Path data;

    @Option(names = "--batch-size", defaultValue = "1000",
            description = "Examples per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", hidden = true, description = "Use only the first N test examples (windows of text,"
            + " pairs) (for tests).")
    Integer limit;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        ModelFiles.Loaded loaded = SavedModels.load(model);
        PrintWriter out = spec.commandLine().getOut();
        if (LanguageModelCommands.isLanguageModel(loaded.model())) {
            LanguageModelCommands.evaluate(loaded, model, data, limit, batchSize, out);
            return 0;
        }
        if (loaded.model() instanceof DateSeq2Seq) {
            TranslationCommands.evaluate(loaded, model, data, limit, batchSize, out);
            return 0;
        }
        String dataset = loaded.card().hyperparameters().get("dataset");
        if (!"fashion-mnist".equals(dataset)) {
            throw new IllegalArgumentException("--model " + model + ": " + (dataset == null
                    ? "the model file does not say"
                    + " which data set it was trained on" : "trained on " + dataset + ", which evaluate cannot read")
                    + " (evaluate reads Fashion-MNIST in the IDX layout)");
        }
        if (loaded.card().preprocessing() == null) {
            throw new IllegalArgumentException("--model " + model + ": the model file records no input preprocessing"
                    + " (jgrad.preprocessing); save it with a ModelCard");
        }
        Path folder = testFolder();
        TensorDataset test = Datasets.images(folder.resolve(TEST_IMAGES), folder.resolve(TEST_LABELS));
        if (limit != null && limit < test.size()) {
            test = new TensorDataset(test.inputs().slice(0, 0, limit), test.targets().slice(0, 0, limit));
        }
        Tensor logits = SavedModels.outputs(loaded.model(), loaded.card().preprocessing().apply(test.inputs()),
                batchSize);
        double loss = new CrossEntropyLoss().compute(logits, test.targets()).item();
        double accuracy = logits.argmax(1, false).eq(test.targets()).to(io.jgrad.DType.F64).mean().item();
        String name = loaded.metadata().getOrDefault("model", model.toString());
        out.printf(Locale.ROOT, "%s: %d test images from %s%n", name,
                test.size(), folder);
        out.printf(Locale.ROOT, "test loss: %.4f%n", loss);
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
        out.flush();
        return 0;
    }

    /** Where the test files are: {@code --data} (or its {@code fashion-mnist} subfolder), else the search path. */
    private Path testFolder() throws IOException {
        List<Path> candidates = data != null ? List.of(data, data.resolve("fashion-mnist"))
                : Datasets.fashionMnistSearchPath(null);
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve(TEST_IMAGES)) && Files.isRegularFile(c.resolve(TEST_LABELS))) return c;
        }
        throw new IllegalArgumentException((data != null ? "--data " + data + ": " : "") + "no " + TEST_IMAGES + " and "
                + TEST_LABELS + " in " + candidates + " (point --data at the folder holding them)");
    }
}
