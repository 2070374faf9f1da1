package io.jgrad.examples;

import io.jgrad.Autocast;
import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.Dataset;
import io.jgrad.data.Datasets;
import io.jgrad.data.Preprocessing;
import io.jgrad.data.Splits;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Optimizer;
import io.jgrad.train.Callback;
import io.jgrad.train.History;
import io.jgrad.train.HistoryWriter;
import io.jgrad.train.ModelCard;
import io.jgrad.train.ModelCheckpoint;
import io.jgrad.train.ModelFiles;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the bundled trainers share: the data subset, a validation split held out from the training images, and the
 * first line, then a training run with accuracy, the history files and progress, the model file with its metadata,
 * and one evaluation on the test set at the end; the last line is the test accuracy.
 *
 * <p>Per-epoch metrics ({@code val_*} in the history) are measured on the validation split, never on the test set,
 * so that a recipe chosen on them is not tuned to the test set.
 */
final class TrainingHarness {
    /**
     * The command line's choices.
     *
     * @param resume a run folder whose last checkpoint the run continues from, or null
     * @param quiet  print only the final metric line
     */
    record Settings(int epochs, int batchSize, double lr, Path data, Path out, long seed, Integer limit,
                    Autocast.Precision precision, Path resume, boolean quiet) {
        Settings(int epochs, int batchSize, double lr, Path data, Path out, long seed, Integer limit,
                 Autocast.Precision precision) {
            this(epochs, batchSize, lr, data, out, seed, limit, precision, null, false);
        }
    }

    /**
     * The share of the training images held out for validation: 5,000 of Fashion-MNIST's 60,000 (500 per class, as
     * the split is stratified).
     */
    static final double VALIDATION_FRACTION = 1.0 / 12;

    /** The examples a run uses: training, validation (held out from the training images) and test. */
    record Data(Dataset train, Dataset validation, Dataset test) {}

    /**
     * One run: the model and how it is trained and evaluated, and what its model file says.
     *
     * @param callbacks     callbacks besides the history writer (e.g. a learning-rate schedule)
     * @param validation    the held-out training images, evaluated after each epoch
     * @param test          the test set, evaluated once at the end
     * @param epochSeconds  whether to print the mean time per epoch
     * @param preprocessing what the model file records to prepare raw images (pixels in [0, 1])
     */
    record Run(String name, String architecture, Module model, Optimizer optimizer, Loss loss, List<Callback> callbacks,
               DataLoader train, DataLoader validation, DataLoader test, boolean epochSeconds,
               Preprocessing preprocessing) {}

    /** Fashion-MNIST's class names, by label. */
    static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final PrintWriter out;
    private final boolean plain;

    TrainingHarness(PrintWriter out, boolean plain) {
        this.out = out;
        this.plain = plain;
    }

    /** Where the lines besides the final metric go: nowhere with {@code --quiet}. */
    PrintWriter info(Settings s) { return s.quiet() ? new PrintWriter(Writer.nullWriter()) : out; }

    /**
     * The first {@code --limit} training and test examples (all without it), with {@link #VALIDATION_FRACTION} of the
     * training examples held out for validation (stratified by class, seeded with the run's seed), announced on the
     * first line: {@code <name>: N training and M test images, V of the training images held out for validation,
     * backend B, batch b, <lrLabel> x, E epochs}.
     */
    Data prepare(String name, String lrLabel, Datasets.Split data, Settings s) {
        Dataset train = limited(data.train(), s.limit());
        long[] labels = data.train().targets().toLongArray();
        if (labels.length > train.size()) labels = Arrays.copyOf(labels, train.size());
        Splits.Parts parts = Splits.apply(train, Splits.stratified(labels, VALIDATION_FRACTION, 0, s.seed()));
        if (parts.validation().size() == 0) {
            throw new IllegalArgumentException("--limit " + s.limit() + " leaves no training image for validation "
                    + "(1 in 12 of each class is held out)");
        }
        Data d = new Data(parts.train(), parts.validation(), limited(data.test(), s.limit()));
        info(s).printf(Locale.ROOT, "%s: %d training and %d test images, %d of the training images held out for "
                        + "validation, backend %s, batch %d, %s %s, %d epochs%n", name, train.size(), d.test().size(),
                d.validation().size(), Backends.defaultBackend().name(), s.batchSize(), lrLabel, s.lr(), s.epochs());
        info(s).flush();
        return d;
    }

    /** What loads a dataset (or something made from it). */
    @FunctionalInterface
    interface DataSource<T> {
        T load() throws IOException;
    }

    /**
     * The dataset, read into host memory whatever the default backend: on a device the loaders assemble and augment
     * each batch on the host and copy it there ahead of the step ({@link #loader}).
     */
    static <T> T onHost(DataSource<T> source) throws IOException {
        try (var host = Backends.use(Device.CPU)) {
            return source.load();
        }
    }

    /**
     * A loader over {@code data} with two batches loaded ahead; when the default backend is a device's (the model is
     * there), each batch is copied to it on the loading thread.
     */
    static DataLoader.Builder loader(Dataset data, int batchSize) {
        Backend backend = Backends.defaultBackend();
        DataLoader.Builder b = DataLoader.builder(data).batchSize(batchSize).prefetch(2);
        return backend.device().equals(Device.CPU) ? b : b.device(backend);
    }

    /** The first {@code limit} examples of {@code d} (all of them when null). */
    static Dataset limited(Dataset d, Integer limit) {
        return limit == null || limit >= d.size() ? d : d.subset(IntStream.range(0, limit).toArray());
    }

    /**
     * Trains (validating after each epoch and writing the checkpoint {@code last.safetensors} that {@code --resume}
     * continues from), evaluates the test set once, saves {@code model.safetensors} with the run's metadata and model
     * card in {@code s.out()}, and reports. Returns 0.
     */
    int train(Run run, Settings s) throws Exception {
        Fitted fitted = fit(run.name(), run.model(), run.optimizer(), run.loss(), List.of(Metric.accuracy()), 0,
                run.callbacks(), run.train(), run.validation(), s);
        Trainer trainer = fitted.trainer();
        History history = fitted.history();
        int resumedEpochs = fitted.resumedEpochs();
        double seconds = fitted.seconds();

        double accuracy = trainer.evaluate(run.test()).get("accuracy");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", run.name());
        meta.put("architecture", run.architecture());
        meta.put("epochs", Integer.toString(history.size()));
        meta.put("test_accuracy", String.format(Locale.ROOT, "%.4f", accuracy));
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("dataset", "fashion-mnist");
        hyper.put("optimizer", run.optimizer().getClass().getSimpleName());
        hyper.put("lr", Double.toString(s.lr()));
        hyper.put("batch_size", Integer.toString(s.batchSize()));
        hyper.put("epochs", Integer.toString(history.size()));
        hyper.put("loss", run.loss().getClass().getSimpleName());
        hyper.put("precision", s.precision().name().toLowerCase(Locale.ROOT));
        if (s.limit() != null) hyper.put("limit", Integer.toString(s.limit()));
        ModelCard card = new ModelCard(run.preprocessing(), FASHION_CLASSES, hyper, s.seed());
        Path modelFile = s.out().resolve(SavedModels.MODEL_FILE);
        ModelFiles.save(run.model(), modelFile, card, meta);
        PrintWriter info = info(s);
        if (run.epochSeconds() && history.size() > resumedEpochs) {
            double perEpoch = seconds / (history.size() - resumedEpochs);
            info.printf(Locale.ROOT, "%.1f s per epoch (training and evaluation)%n", perEpoch);
        }
        boolean plotted = Files.exists(s.out().resolve("loss.png")); // skipped without JFreeChart or fonts
        info.printf(Locale.ROOT, "wrote %s, %s, history.csv, history.json%s to %s%n", modelFile.getFileName(),
                ModelCheckpoint.LAST, plotted ? " and plots" : "", s.out());
        info.flush();
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
        out.flush();
        return 0;
    }

    /**
     * A finished {@link #fit}.
     *
     * @param resumedEpochs the epochs done before this run (0 unless resumed)
     * @param seconds       the training time of this run, validation included
     */
    record Fitted(Trainer trainer, History history, int resumedEpochs, double seconds) {}

    /**
     * Trains {@code model} as every bundled trainer does: validating after each epoch, writing the history and the
     * checkpoint {@code last.safetensors} that {@code --resume} continues from, with progress unless quiet, and
     * clipping the gradients' global norm to {@code clipNorm} (0: no clipping).
     */
    Fitted fit(String name, Module model, Optimizer optimizer, Loss loss, List<Metric> metrics, double clipNorm,
               List<Callback> extraCallbacks, DataLoader train, DataLoader validation, Settings s) throws Exception {
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new HistoryWriter(s.out(), true));
        callbacks.add(new ModelCheckpoint(s.out(), null, true));
        callbacks.addAll(extraCallbacks);
        Map<String, String> checkpointMeta = Map.of(RunCheckpoint.MODEL_KEY, name,
                RunCheckpoint.SETTINGS_KEY, RunCheckpoint.settingsJson(s));
        Trainer.Builder builder = Trainer.builder(model, optimizer, loss)
                .metrics(metrics.toArray(Metric[]::new))
                .callbacks(callbacks.toArray(Callback[]::new))
                .progress(s.quiet() ? Progress.silent() : progress())
                .precision(s.precision())
                .checkpointMetadata(checkpointMeta);
        if (clipNorm > 0) builder.clipGradNorm(clipNorm);
        Trainer trainer = builder.build();
        if (s.resume() != null) {
            int done = RunCheckpoint.resume(trainer, s.resume(), name, s);
            train.skipEpochs(done); // the shuffled orders an uninterrupted run would see next
            info(s).printf(Locale.ROOT, "resuming %s from %s after epoch %d of %d%n", name, s.resume(), done,
                    s.epochs());
        }
        int resumedEpochs = trainer.epochsDone();
        long start = System.nanoTime();
        History history = trainer.fit(train, validation, s.epochs());
        return new Fitted(trainer, history, resumedEpochs, (System.nanoTime() - start) / 1e9);
    }

    /** A live bar on a terminal (unless {@code --plain}), else a plain line every 30 s and one per epoch. */
    private Progress progress() {
        Console c = System.console();
        boolean terminal = c != null && c.isTerminal();
        return terminal && !plain ? Progress.bar(System.out) : Progress.lines(out, 30);
    }
}
