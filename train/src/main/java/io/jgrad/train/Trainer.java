package io.jgrad.train;

import io.jgrad.Device;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.data.Batch;
import io.jgrad.data.DataLoader;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras-style training loop: {@link #fit}, {@link #evaluate}, {@link #predict}. Each step runs the forward pass
 * with gradient recording on, {@code optimizer.zeroGrad()}, {@code loss.backward()}, {@code optimizer.step()};
 * evaluation and prediction run under {@code Grad.off()} with the model in eval mode.
 *
 * <p>{@code fit(train, validation, epochs)} trains until the history holds {@code epochs} epochs, so after
 * {@link #resume(Path)} the same call continues where the checkpoint left off.
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<Metric> metrics;
    private final List<Callback> callbacks;
    private final Progress progress;
    private final Device device;
    private History history = new History();
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.metrics = List.copyOf(b.metrics);
        this.callbacks = List.copyOf(b.callbacks);
        this.progress = b.progress;
        this.device = b.device;
    }

    public static Builder builder(Module model, Optimizer optimizer, Loss loss) { return new Builder(model, optimizer, loss); }

    public Module model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    public History history() { return history; }

    /** Epochs completed so far (including those restored from a checkpoint). */
    public int epochsDone() { return history.size(); }

    /** Asks {@link #fit} to stop after the current epoch (used by early stopping). */
    public void stop() { stopRequested = true; }

    public boolean stopRequested() { return stopRequested; }

    /**
     * Trains until {@code epochs} epochs are in the history (or a callback stops it), validating after each epoch
     * when {@code validation} is not null. Returns the history.
     */
    public History fit(DataLoader train, DataLoader validation, int epochs) {
        Objects.requireNonNull(train, "train loader");
        stopRequested = false;
        callbacks.forEach(c -> c.onTrainBegin(this));
        for (int epoch = history.size() + 1; epoch <= epochs && !stopRequested; epoch++) {
            int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(this, e));
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("epoch", (double) epoch);
            double lr = optimizer.lr();
            long start = System.nanoTime();
            Map<String, Double> trainLogs = trainEpoch(train, epoch, epochs, start);
            double seconds = (System.nanoTime() - start) / 1e9;
            row.putAll(trainLogs);
            if (validation != null) evaluate(validation).forEach((k, v) -> row.put("val_" + k, v));
            row.put("lr", lr);
            row.put("samples_per_s", train.exampleCount() / seconds);
            row.put("seconds", seconds);
            history.add(row);
            progress.epochEnd(epoch, epochs, history.last());
            Map<String, Double> logs = history.last();
            callbacks.forEach(c -> c.onEpochEnd(this, e, logs));
        }
        callbacks.forEach(c -> c.onTrainEnd(this));
        return history;
    }

    private Map<String, Double> trainEpoch(DataLoader loader, int epoch, int epochs, long start) {
        model.train();
        metrics.forEach(Metric::reset);
        progress.epochBegin(epoch, epochs, loader.batchCount(), loader.exampleCount());
        double lossSum = 0;
        long seen = 0;
        int batchIndex = 0;
        try (DataLoader.Epoch it = loader.iterator(); var g = Grad.on()) {
            while (it.hasNext()) {
                Batch batch = it.next();
                Tensor x = onDevice(batch.inputs()), y = onDevice(batch.targets());
                optimizer.zeroGrad();
                Tensor output = model.forward(x);
                Tensor l = loss.compute(output, y);
                double batchLoss = l.item();
                // Checked before the update, so a diverged step never writes NaN into the weights.
                if (!Double.isFinite(batchLoss)) {
                    throw new IllegalStateException("epoch " + epoch + ", batch " + batchIndex + ": loss is " + batchLoss
                            + "; the weights were left as they were before this batch");
                }
                l.backward();
                optimizer.step();
                int n = batch.size();
                lossSum += batchLoss * n;
                seen += n;
                try (var off = Grad.off()) {
                    Tensor detached = output.detach();
                    for (Metric m : metrics) m.update(detached, y);
                }
                batchIndex++;
                int b = batchIndex;
                callbacks.forEach(c -> c.onBatchEnd(this, b, batchLoss));
                progress.batch(batchIndex, seen, lossSum / seen, (System.nanoTime() - start) / 1e9, this::runningMetrics);
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
        for (Metric m : metrics) logs.put(m.name(), m.result());
        return logs;
    }

    private Map<String, Double> runningMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Metric metric : metrics) m.put(metric.name(), metric.result());
        return m;
    }

    /** Mean loss (weighted by batch size) and the metrics over a loader, without recording gradients. */
    public Map<String, Double> evaluate(DataLoader loader) {
        boolean wasTraining = model.isTraining();
        model.eval();
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        try (var g = Grad.off(); DataLoader.Epoch it = loader.iterator()) {
            while (it.hasNext()) {
                Batch batch = it.next();
                Tensor y = onDevice(batch.targets());
                Tensor output = model.forward(onDevice(batch.inputs()));
                lossSum += loss.compute(output, y).item() * batch.size();
                seen += batch.size();
                for (Metric m : metrics) m.update(output, y);
            }
        } finally {
            if (wasTraining) model.train();
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
        for (Metric m : metrics) logs.put(m.name(), m.result());
        return logs;
    }

    /** The model's outputs for {@code inputs} ({@code [n, ...]}), computed in batches of {@code batchSize}. */
    public Tensor predict(Tensor inputs, int batchSize) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Tensor> outputs = new ArrayList<>();
        try (var g = Grad.off()) {
            for (Tensor chunk : inputs.split(batchSize, 0)) outputs.add(model.forward(onDevice(chunk)));
        } finally {
            if (wasTraining) model.train();
        }
        return outputs.size() == 1 ? outputs.getFirst() : Tensor.concat(outputs, 0);
    }

    private Tensor onDevice(Tensor t) { return device == null ? t : t.to(device); }

    // ---- checkpoints ---------------------------------------------------------------------------------------------

    static final String MODEL_PREFIX = "model.";
    static final String OPTIMIZER_PREFIX = "optimizer.";

    /**
     * Writes the model, the optimizer state and the history atomically to one safetensors file: tensors under
     * {@code model.} and {@code optimizer.}, the history as JSON in the metadata.
     */
    public void saveCheckpoint(Path file) throws IOException {
        List<SafetensorsEntry> entries = new ArrayList<>();
        model.stateDict().forEach((k, v) -> entries.add(TensorEntries.toEntry(MODEL_PREFIX + k, v)));
        optimizer.stateDict().forEach((k, v) -> entries.add(TensorEntries.toEntry(OPTIMIZER_PREFIX + k, v)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "jgrad-checkpoint");
        meta.put("epoch", Integer.toString(history.size()));
        meta.put("history", history.toJson());
        SafetensorsFile.write(file, entries, meta);
    }

    /** Restores the model, optimizer state and history from {@link #saveCheckpoint}; returns the epochs done. */
    public int resume(Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.read(file);
        if (!"jgrad-checkpoint".equals(f.metadata().get("format"))) {
            throw new IOException(file + " is not a jgrad checkpoint (metadata format=" + f.metadata().get("format") + ")");
        }
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (SafetensorsEntry e : f.entries()) all.put(e.name(), TensorEntries.toTensor(e));
        model.loadStateDict(ModelFiles.withoutPrefix(all, MODEL_PREFIX), true);
        optimizer.loadStateDict(ModelFiles.withoutPrefix(all, OPTIMIZER_PREFIX));
        history = History.fromJson(f.metadata().getOrDefault("history", "{\"epochs\": []}"));
        return history.size();
    }

    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final Loss loss;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private Progress progress = Progress.auto();
        private Device device;

        private Builder(Module model, Optimizer optimizer, Loss loss) {
            this.model = Objects.requireNonNull(model, "model");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            this.loss = Objects.requireNonNull(loss, "loss");
        }

        public Builder metrics(Metric... m) {
            metrics.addAll(List.of(m));
            return this;
        }

        public Builder callbacks(Callback... c) {
            callbacks.addAll(List.of(c));
            return this;
        }

        public Builder progress(Progress p) {
            progress = Objects.requireNonNull(p, "progress");
            return this;
        }

        /** Moves each batch to this device (the model's parameters must already be there). */
        public Builder device(Device d) {
            device = d;
            return this;
        }

        public Trainer build() { return new Trainer(this); }
    }
}
