package io.jgrad.examples;

import io.jgrad.Generator;
import io.jgrad.backend.Backends;
import io.jgrad.data.DataLoader;
import io.jgrad.data.Dataset;
import io.jgrad.data.Datasets;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;
import io.jgrad.train.History;
import io.jgrad.train.HistoryWriter;
import io.jgrad.train.ModelFiles;
import io.jgrad.train.Progress;
import io.jgrad.train.Trainer;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** Trains MLP 784-512-256-10 on Fashion-MNIST and writes the model, history and training curves. */
final class FashionMlp {
    record Settings(int epochs, int batchSize, double lr, Path data, Path out, long seed, Integer limit) {}

    private final PrintWriter out;
    private final boolean plain;

    FashionMlp(PrintWriter out, boolean plain) {
        this.out = out;
        this.plain = plain;
    }

    static Module model() {
        return new Sequential(new Dense(784, 512), new ReLU(), new Dense(512, 256), new ReLU(), new Dense(256, 10));
    }

    int train(Settings s) throws Exception {
        Datasets.Split data = Datasets.fashionMnist(s.data());
        Dataset train = limited(data.train(), s.limit());
        Dataset test = limited(data.test(), s.limit());
        out.printf(Locale.ROOT, "fashion-mlp: %d training and %d test images, backend %s, batch %d, Adam lr %s, %d epochs%n",
                train.size(), test.size(), Backends.defaultBackend().name(), s.batchSize(), s.lr(), s.epochs());
        out.flush();

        Generator.global().manualSeed(s.seed());
        Module model = model();
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), s.lr()), new CrossEntropyLoss())
                .metrics(Metric.accuracy())
                .callbacks(new HistoryWriter(s.out(), true))
                .progress(progress())
                .build();
        DataLoader trainLoader = DataLoader.builder(train).batchSize(s.batchSize()).shuffle(s.seed()).prefetch(2).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(1000).prefetch(2).build();
        History history = trainer.fit(trainLoader, testLoader, s.epochs());

        double accuracy = history.last().get("val_accuracy");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "fashion-mlp");
        meta.put("architecture", "Dense(784,512) ReLU Dense(512,256) ReLU Dense(256,10)");
        meta.put("epochs", Integer.toString(history.size()));
        meta.put("test_accuracy", String.format(Locale.ROOT, "%.4f", accuracy));
        Path modelFile = s.out().resolve("model.safetensors");
        ModelFiles.save(model, modelFile, Map.of(), meta);
        out.printf(Locale.ROOT, "wrote %s, history.csv, history.json and plots to %s%n", modelFile.getFileName(), s.out());
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
        out.flush();
        return 0;
    }

    private Progress progress() {
        Console c = System.console();
        boolean terminal = c != null && c.isTerminal();
        return terminal && !plain ? Progress.bar(System.out) : Progress.lines(out, 30);
    }

    private static Dataset limited(Dataset d, Integer limit) {
        return limit == null || limit >= d.size() ? d : d.subset(IntStream.range(0, limit).toArray());
    }
}
