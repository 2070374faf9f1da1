package io.jgrad.examples;

import io.jgrad.Autocast;
import io.jgrad.Device;
import io.jgrad.backend.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
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
                "  fashion-rnn     rows of 28 pixels through LSTM(28-128), dense 10 on the last",
                "                  state, Adam, 8 epochs by default.",
                "Each epoch is validated on 5,000 training images held out (the val_ columns",
                "of the history); the test set is evaluated once, at the end.",
                "",
                "Sequence models (Adam, gradients' global norm clipped to --clip-norm 1):",
                "  char-lstm         character LSTM (embedding 64, 2 layers of 128) on the",
                "                    fortunes corpus, windows of 64, 2 epochs by default.",
                "  char-transformer  decoder-only Transformer (d 128, 4 heads, 2 pre-norm layers,",
                "                    causal, learned positions), same data, 1 epoch by default.",
                "  seq2seq           LSTM encoder-decoder with attention: dates written 14 ways",
                "                    -> ISO (20,000 training dates), greedy decoding, 12 epochs.",
                "The character models hold out the last 10%% of every corpus file for the test and",
                "the 5%% before it for validation; they print a generated sample and then",
                "'test bits per char: X.XXX'; the vocabulary is saved in the model file and in",
                "vocab.json. seq2seq prints 'test exact match: 0.XXXX' on 2,000 unseen dates."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model to train: ${COMPLETION-CANDIDATES}.")
    ModelName model;

    @Option(names = "--epochs", description = "Epochs (default: 5 for fashion-mlp, 10 for fashion-cnn, 20 for "
            + "fashion-resnet, 8 for fashion-rnn, 2 for char-lstm, 1 for char-transformer, 12 for seq2seq).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Mini-batch size (default 128; 64 for char-lstm and "
            + "char-transformer).")
    Integer batchSize;

    @Option(names = "--lr", description = "Learning rate of the optimizer: Adam for fashion-mlp and fashion-cnn, AdamW "
            + "(its start, before the cosine decay) for fashion-resnet, Adam for the others (default 1e-3; 2e-3 for "
            + "char-lstm and seq2seq).")
    Double lr;

    @Option(names = "--clip-norm", defaultValue = "1.0", description = "char-lstm, char-transformer and seq2seq: clip "
            + "the gradients' global norm to this; 0 turns clipping off (default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--export-data", description = "char-lstm and char-transformer: also write the token streams "
            + "train.i32, validation.i32 and test.i32 and vocab.json to the output folder, for "
            + "tools/char_lm_torch.py (default: not written).")
    boolean exportData;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--data", description = "Folder with the four Fashion-MNIST .gz files, used as given (default: the "
            + "first of $JGRAD_DATA, ~/.jgrad/datasets, /usr/share/datasets/fashion-mnist that has them, "
            + "else download); for char-lstm and char-transformer the folder of text files (default "
            + "/usr/share/games/fortunes); not used by seq2seq.")
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
            description = "Use only the first N training and test examples (for tests; windows for the character "
                    + "models, pairs for seq2seq).")
    Integer limit;

    enum ModelName {
        FASHION_MLP("fashion-mlp", 5, 128, 1e-3), FASHION_CNN("fashion-cnn", 10, 128, 1e-3),
        FASHION_RESNET("fashion-resnet", 20, 128, 1e-3), FASHION_RNN("fashion-rnn", 8, 128, 1e-3),
        CHAR_LSTM("char-lstm", 2, 64, 2e-3), CHAR_TRANSFORMER("char-transformer", 1, 64, 1e-3),
        SEQ2SEQ("seq2seq", 12, 128, 2e-3);

        final String id;
        final int defaultEpochs;
        final int defaultBatchSize;
        final double defaultLr;

        ModelName(String id, int defaultEpochs, int defaultBatchSize, double defaultLr) {
            this.id = id;
            this.defaultEpochs = defaultEpochs;
            this.defaultBatchSize = defaultBatchSize;
            this.defaultLr = defaultLr;
        }

        @Override
        public String toString() { return id; }
    }

    @Override
    public Integer call() throws Exception {
        int epochs = this.epochs != null ? this.epochs : model.defaultEpochs;
        int batchSize = this.batchSize != null ? this.batchSize : model.defaultBatchSize;
        double lr = this.lr != null ? this.lr : model.defaultLr;
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be positive and finite, got " + lr);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("--clip-norm must be >= 0 (0: off) and finite, got " + clipNorm);
        }
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        Autocast.Precision precision = precision(this.precision);
        if (data != null) checkData(model, data);
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
            case FASHION_RNN -> new FashionRnn(printer, plain).train(settings);
            case CHAR_LSTM -> new CharLanguageModel(printer, plain).train(CharLanguageModel.Kind.LSTM, settings,
                    clipNorm, exportData);
            case CHAR_TRANSFORMER -> new CharLanguageModel(printer, plain).train(CharLanguageModel.Kind.TRANSFORMER,
                    settings, clipNorm, exportData);
            case SEQ2SEQ -> new Seq2SeqTrainer(printer, plain).train(settings, clipNorm);
        };
    }

    /** Fashion-MNIST's files for the fashion models, a folder of text for the character models, nothing for seq2seq. */
    private static void checkData(ModelName model, Path data) {
        switch (model) {
            case SEQ2SEQ -> throw new IllegalArgumentException("--data: seq2seq generates its data (dates), it reads "
                    + "no folder");
            case CHAR_LSTM, CHAR_TRANSFORMER -> {
                if (!Files.isDirectory(data)) {
                    throw new IllegalArgumentException("--data " + data + ": " + (Files.exists(data) ? "not a folder"
                            : "no such folder"));
                }
            }
            default -> RunFolders.checkDataFolder(data);
        }
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
