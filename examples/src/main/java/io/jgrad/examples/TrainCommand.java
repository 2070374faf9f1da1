package io.jgrad.examples;

import io.jgrad.Autocast;
import io.jgrad.Device;
import io.jgrad.backend.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code jgrad train <model>}: trains one of the bundled models and writes its files to {@code --out}. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a bundled model.",
        footer = {"", "Models (Fashion-MNIST, cross-entropy):",
                "  fashion-mlp     MLP 784-512-256-10 (ReLU), Adam, 5 epochs by default.",
                "  fashion-cnn     conv(1-32) pool conv(32-64) pool dense 128 dense 10, Adam,",
                "                  10 epochs by default.",
                "  fashion-resnet  small ResNet with batch norm, crops and flips, AdamW with a",
                "                  cosine schedule, 20 epochs by default.",
                "Each epoch is validated on 5,000 training images held out (the val_ columns",
                "of the history); the test set is evaluated once, at the end."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model to train: ${COMPLETION-CANDIDATES}.")
    ModelName model;

    @Option(names = "--epochs",
            description = "Epochs (default: 5 for fashion-mlp, 10 for fashion-cnn, 20 for fashion-resnet).")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate of the optimizer: Adam for fashion-mlp "
            + "and fashion-cnn, AdamW (its start, before the cosine decay) for fashion-resnet "
            + "(default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--data", description = "Folder with the four Fashion-MNIST .gz files, used as given (default: the "
            + "first of $JGRAD_DATA, ~/.jgrad/datasets, /usr/share/datasets/fashion-mnist that has them, "
            + "else download).")
    Path data;

    @Option(names = "--out", description = "Output folder; one that holds a run already is refused unless --force "
            + "(default runs/<model>).")
    Path out;

    @Option(names = "--seed", defaultValue = "42",
            description = "Random seed for initialisation and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--precision", defaultValue = "f32",
            description = "Inputs of matrix products and convolutions: f32, bf16 or f16 (F32 accumulation and "
                    + "weights; f16 scales the loss). Only cuda computes in 16 bits (default ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal (default: a live bar on a "
            + "terminal, plain lines otherwise).")
    boolean plain;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run whose --out folder is DIR from its last checkpoint (last.safetensors), "
                    + "with the same model and settings; --epochs counts the epochs done before. Writes into DIR "
                    + "unless --out is given (default: a new run).")
    Path resume;

    @Option(names = "--quiet", description = "Print only the final metric line (default: progress and summaries too).")
    boolean quiet;

    @Option(names = "--force", description = "Overwrite the run in --out (default: refuse to).")
    boolean force;

    @Option(names = "--limit", hidden = true,
            description = "Use only the first N training and test examples (for tests).")
    Integer limit;

    enum ModelName {
        FASHION_MLP("fashion-mlp", 5), FASHION_CNN("fashion-cnn", 10), FASHION_RESNET("fashion-resnet", 20);

        final String id;
        final int defaultEpochs;

        ModelName(String id, int defaultEpochs) {
            this.id = id;
            this.defaultEpochs = defaultEpochs;
        }

        @Override
        public String toString() { return id; }
    }

    @Override
    public Integer call() throws Exception {
        int epochs = this.epochs != null ? this.epochs : model.defaultEpochs;
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        Autocast.Precision precision = precision(this.precision);
        if (data != null) RunFolders.checkDataFolder(data);
        Path outDir = out != null ? out : resume != null ? resume : Path.of("runs", model.id);
        // A resumed run writes on into its own folder; any other folder holding a run is refused without --force.
        RunFolders.prepareOutput(outDir, force || outDir.equals(resume));
        // Select the backend before any tensor exists, so parameters and optimizer state live on it; the dataset stays
        // in host memory and the loaders copy each batch to the device ahead of its step (TrainingHarness.loader).
        Backends.setDefault(Backends.forDevice(Device.parse(device)));
        var printer = spec.commandLine().getOut();
        var settings = new TrainingHarness.Settings(epochs, batchSize, lr, data, outDir, seed, limit, precision, resume,
                quiet);
        return switch (model) {
            case FASHION_MLP -> new FashionMlp(printer, plain).train(settings);
            case FASHION_CNN -> new FashionCnn(printer, plain).train(FashionCnn.Kind.CNN, settings);
            case FASHION_RESNET -> new FashionCnn(printer, plain).train(FashionCnn.Kind.RESNET, settings);
        };
    }

    private static Autocast.Precision precision(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "f32" -> Autocast.Precision.F32;
            case "bf16" -> Autocast.Precision.BF16;
            case "f16" -> Autocast.Precision.F16;
            default -> throw new IllegalArgumentException("--precision must be f32, bf16 or f16, got " + name);
        };
    }
}
