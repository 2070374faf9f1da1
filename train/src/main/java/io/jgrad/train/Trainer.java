package io.jgrad.train;

import io.jgrad.Autocast;
import io.jgrad.Device;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.data.Batch;
import io.jgrad.data.DataLoader;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import io.jgrad.metrics.Metric;
import io.jgrad.nn.Inputs;
import io.jgrad.nn.Loss;
import io.jgrad.nn.Module;
import io.jgrad.optim.GradientClipping;
import io.jgrad.optim.LossScaler;
import io.jgrad.optim.Optimizer;
import io.jgrad.optim.Regularizer;

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
 * <p>A batch with one input and one target runs {@code model.call(x)} and {@code loss.compute(output, y)}; a batch
 * with several ({@link Batch#of}) calls the model with all its inputs ({@link Module#call(Inputs)}) and the loss with
 * all outputs and targets ({@link Loss#compute(List, List)}, e.g. a {@link io.jgrad.nn.CombinedLoss}).
 *
 * <p>The loss and the accuracy are summed where the tensors are and read back once per progress refresh; on host
 * memory (the CPU backends) each batch's loss is read at once, so a non-finite loss stops training before the weights
 * are updated. See {@link Builder#checkEveryBatch}.
 *
 * <p>Each batch is closed when its step is done ({@link Batch#close()}), which releases the device copies a loader
 * made ahead of the step ({@link io.jgrad.data.DataLoader.Builder#device}): device memory does not grow with the steps.
 *
 * <p>{@code fit(train, validation, epochs)} trains until the history holds {@code epochs} epochs, so after
 * {@link #resume(Path)} the same call continues where the checkpoint left off.
 *
 * <p>Mixed precision: with {@link Builder#precision} BF16 or F16, training epochs, evaluation and prediction run
 * inside {@link Autocast}, so a backend with reduced-precision units computes the matrix products and convolutions of
 * the forward and backward passes with 16-bit inputs and F32 accumulation; parameters and optimizer state stay F32.
 * F16 adds a {@link LossScaler} (unless one is given): each step's loss is scaled before {@code backward()}, and a
 * step whose gradients overflowed is skipped; the scaler reads one flag per step (on a GPU, one wait per step).
 *
 * <p>Between {@code backward()} and {@code step()} (after a loss scaler's unscaling) the trainer adds a
 * {@link Builder#regularizer regularizer}'s gradient and then clips the gradients ({@link Builder#clipGradNorm},
 * {@link Builder#clipGradValue}), the order of Keras (regularization in the loss, clipping in the optimizer).
 *
 * <p>A gradient that is not finite while the loss is stops training with a message that says so: the trainer checks
 * the weights about once a second and at the end of each epoch, and with clipping by norm the gradient norm of every
 * batch (on host memory before its update; on a device about once a second).
 */
public final class Trainer {
    /** How often a device's running loss is read (and checked) when the progress display does not read it. */
    private static final double READ_SECONDS = 1;

    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<MetricSlot> metrics;
    private final List<Callback> callbacks;
    private final Progress progress;
    private final Device device;
    private final Boolean checkEveryBatch;
    private final Autocast.Precision precision;
    private final LossScaler scaler;
    private final Map<String, String> checkpointMetadata;
    private final Regularizer regularizer;
    private final List<Tensor> regularized;
    private final double clipNorm;  // 0: no clipping by norm
    private final double clipValue; // 0: no clipping by value
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
        this.checkEveryBatch = b.checkEveryBatch;
        this.precision = b.precision;
        this.scaler = b.scaler != null || b.precision != Autocast.Precision.F16 ? b.scaler : new LossScaler();
        this.checkpointMetadata = Map.copyOf(b.checkpointMetadata);
        this.regularizer = b.regularizer;
        this.regularized = b.regularized != null ? b.regularized : optimizer.params();
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
    }

    /** A metric on one of the model's outputs, under its history column name. */
    private record MetricSlot(Metric metric, int output, String name) {}

    public static Builder builder(Module model, Optimizer optimizer, Loss loss) { return new Builder(model, optimizer, loss); }

    public Module model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    public History history() { return history; }

    /** The precision of the training steps' matrix products and convolutions (F32 unless set). */
    public Autocast.Precision precision() { return precision; }

    /** The loss scaler of the training steps, or null when they use none. */
    public LossScaler lossScaler() { return scaler; }

    /** Epochs completed so far (including those restored from a checkpoint). */
    public int epochsDone() { return history.size(); }

    /** Asks {@link #fit} to stop after the current epoch (used by early stopping). */
    public void stop() { stopRequested = true; }

    public boolean stopRequested() { return stopRequested; }

    /**
     * Trains until {@code epochs} epochs are in the history (or a callback stops it), validating after each epoch
     * when {@code validation} is not null. Returns the history.
     *
     * @throws IllegalArgumentException when {@code epochs} is below 1 or a loader has no examples
     */
    public History fit(DataLoader train, DataLoader validation, int epochs) {
        Objects.requireNonNull(train, "train loader");
        if (epochs < 1) throw new IllegalArgumentException("fit: epochs must be >= 1, got " + epochs);
        requireExamples("fit: the training loader", train);
        if (validation != null) requireExamples("fit: the validation loader", validation);
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
        metrics.forEach(m -> m.metric().reset());
        progress.epochBegin(epoch, epochs, loader.batchCount(), loader.exampleCount());
        EpochLoss epochLoss = new EpochLoss(epoch, checkEveryBatch);
        FiniteWatch watch = new FiniteWatch(epoch, optimizer.params(), checkEveryBatch);
        int batchIndex = 0;
        double nextRead = READ_SECONDS;
        try (DataLoader.Epoch it = loader.iterator(); var g = Grad.on(); var cast = Autocast.enable(precision)) {
            while (it.hasNext()) {
                // Everything a step creates (the batch on the device, activations, the graph, gradients, temporaries)
                // is released when it ends, and so is a batch the loader copied to the device on its own thread;
                // parameters, optimizer state and the running sums escape the scope.
                try (Scope step = Scope.open(); Batch batch = it.next()) {
                    optimizer.zeroGrad();
                    Step s = forward(batch);
                    // On host memory this reads the loss and throws before the update if it is not finite.
                    try {
                        epochLoss.add(s.loss(), batch.size());
                    } catch (IllegalStateException e) {
                        throw explainNonFiniteLoss(e, batch, watch, batchIndex + 1);
                    }
                    if (scaler == null) {
                        s.loss().backward();
                        adjustGradients(watch, batchIndex + 1, true);
                        optimizer.step();
                    } else {
                        scaler.scale(s.loss()).backward();
                        if (adjustsGradients()) {
                            scaler.unscale(optimizer);
                            // An overflow is the scaler's to handle (it skips the step): no norm check here.
                            adjustGradients(watch, batchIndex + 1, false);
                        }
                        scaler.step(optimizer); // skipped when the gradients overflowed
                    }
                    try (var off = Grad.off()) {
                        s.updateMetrics(metrics, true);
                    }
                    batchIndex++;
                    if (!callbacks.isEmpty()) {
                        int b = batchIndex;
                        Tensor batchLoss = s.loss().detach();
                        callbacks.forEach(c -> c.onBatchEnd(this, b, batchLoss));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (seconds >= nextRead) { // checks a device's running loss and the weights about once a second
                        checkFinite(epochLoss, watch, batchIndex);
                        nextRead = seconds + READ_SECONDS;
                    }
                    progress.batch(batchIndex, epochLoss.seen(), epochLoss::mean, seconds, this::runningMetrics);
                    optimizer.zeroGrad(); // the gradients go with the step's scope; none is left pointing at them
                }
            }
            checkFinite(epochLoss, watch, batchIndex);
            return logs(epochLoss);
        } finally {
            epochLoss.close();
            watch.close();
        }
    }

    /**
     * A non-finite loss read at once (host memory) explained: first by the batch's inputs when one holds a NaN or an
     * infinity (missing values the data kept; checked only here, on the error's path), else by the weights' state.
     */
    private static RuntimeException explainNonFiniteLoss(IllegalStateException e, Batch batch, FiniteWatch watch,
                                                         int index) {
        List<Tensor> inputs = batch.allInputs();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            if (x.dtype().isFloating() && !Double.isFinite(x.mul(0).sum().item())) {
                return new IllegalStateException(e.getMessage() + ": the batch's " + (inputs.size() == 1 ? "input"
                        : "input " + i) + " holds NaN or infinite values (missing values? fill them before training, "
                        + "e.g. with io.jgrad.data.Imputer)", e);
            }
        }
        return watch.explain(e, index);
    }

    /**
     * Reads the running loss and the weights' (and noted gradient norms') finiteness flag together, one transfer on
     * a device, and throws if either is not finite (the loss first).
     */
    @SuppressWarnings("try") // the scope releases the reads' temporaries; it is not read
    private static void checkFinite(EpochLoss epochLoss, FiniteWatch watch, int batch) {
        try (Scope reads = Scope.open()) {
            epochLoss.mean(watch.flag(), flag -> watch.verify(flag, batch));
        }
    }

    private boolean adjustsGradients() { return regularizer != null || clipNorm > 0 || clipValue > 0; }

    /**
     * Between backward and step: the regularizer's gradient, then clipping by norm (noting the norm for the finiteness
     * check when {@code checkNorm}) and by value.
     */
    private void adjustGradients(FiniteWatch watch, int batch, boolean checkNorm) {
        if (regularizer != null) regularizer.penalty(regularized).backward();
        if (clipNorm > 0) {
            Tensor norm = GradientClipping.clipByNormOnDevice(optimizer.params(), clipNorm);
            if (norm != null && checkNorm) watch.gradientNorm(norm, batch);
        }
        if (clipValue > 0) GradientClipping.clipByValue(optimizer.params(), clipValue);
    }

    private static void requireExamples(String what, DataLoader loader) {
        if (loader.exampleCount() == 0) {
            throw new IllegalArgumentException(what + " has no examples (data set of " + loader.dataset().size()
                    + ", batch size " + loader.batchSize() + ")");
        }
    }

    /** The mean loss and every metric's result (read from the device in a scope of their own). */
    private Map<String, Double> logs(EpochLoss epochLoss) {
        try (Scope reads = Scope.open()) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", epochLoss.mean());
            for (MetricSlot m : metrics) logs.put(m.name(), m.metric().result());
            return logs;
        }
    }

    private Map<String, Double> runningMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (MetricSlot slot : metrics) m.put(slot.name(), slot.metric().result());
        return m;
    }

    /**
     * One batch through the model and the loss: the one-tensor path ({@code model.call(x)}, {@code
     * loss.compute(output, y)}) for a batch of one input and one target, else the model called with every input and
     * the loss with every output and target.
     */
    private Step forward(Batch batch) {
        if (batch.inputCount() == 1 && batch.targetCount() == 1) {
            Tensor y = onDevice(batch.targets());
            Tensor output = model.call(onDevice(batch.inputs()));
            return new Step(List.of(output), List.of(y), loss.compute(output, y));
        }
        List<Tensor> inputs = new ArrayList<>(), targets = new ArrayList<>();
        for (Tensor t : batch.allInputs()) inputs.add(onDevice(t));
        for (Tensor t : batch.allTargets()) targets.add(onDevice(t));
        List<Tensor> outputs = model.call(Inputs.of(inputs)).list();
        return new Step(outputs, targets, loss.compute(outputs, targets));
    }

    /** A batch's outputs, targets and loss. */
    private record Step(List<Tensor> outputs, List<Tensor> targets, Tensor loss) {
        void updateMetrics(List<MetricSlot> metrics, boolean detach) {
            for (MetricSlot m : metrics) {
                if (m.output() >= outputs.size() || m.output() >= targets.size()) {
                    throw new IllegalArgumentException("metric " + m.name() + " is for output " + m.output() + ", but the model gave "
                            + outputs.size() + " outputs for " + targets.size() + " targets");
                }
                Tensor out = outputs.get(m.output());
                m.metric().update(detach ? out.detach() : out, targets.get(m.output()));
            }
        }
    }

    /**
     * Mean loss (weighted by batch size) and the metrics over a loader, without recording gradients.
     *
     * @throws IllegalArgumentException when the loader has no examples
     */
    public Map<String, Double> evaluate(DataLoader loader) {
        requireExamples("evaluate: the loader", loader);
        boolean wasTraining = model.isTraining();
        model.eval();
        metrics.forEach(m -> m.metric().reset());
        EpochLoss epochLoss = new EpochLoss(0, checkEveryBatch);
        try (var g = Grad.off(); var cast = Autocast.enable(precision); DataLoader.Epoch it = loader.iterator()) {
            while (it.hasNext()) {
                try (Scope batchScope = Scope.open(); Batch batch = it.next()) {
                    Step step = forward(batch);
                    epochLoss.add(step.loss(), batch.size());
                    step.updateMetrics(metrics, false);
                }
            }
            return logs(epochLoss);
        } finally {
            epochLoss.close();
            if (wasTraining) model.train();
        }
    }

    /** The model's outputs for {@code inputs} ({@code [n, ...]}), computed in batches of {@code batchSize}. */
    public Tensor predict(Tensor inputs, int batchSize) { return predict(List.of(inputs), batchSize).getFirst(); }

    /**
     * The outputs of a model with several inputs and outputs: {@code inputs} (one tensor per model input, each
     * {@code [n, ...]}) in batches of {@code batchSize}; one tensor per model output.
     */
    public List<Tensor> predict(List<Tensor> inputs, int batchSize) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<List<Tensor>> chunks = new ArrayList<>();
        for (Tensor t : inputs) chunks.add(t.split(batchSize, 0));
        List<List<Tensor>> outputs = new ArrayList<>();
        List<Tensor> made = new ArrayList<>(); // outputs whose storage the batch scope created (not views of inputs)
        try (var g = Grad.off(); var cast = Autocast.enable(precision)) {
            for (int c = 0; c < chunks.getFirst().size(); c++) {
                try (Scope batchScope = Scope.open()) {
                    List<Tensor> batch = new ArrayList<>();
                    for (List<Tensor> input : chunks) batch.add(onDevice(input.get(c)));
                    boolean oneToOne = batch.size() == 1 && model.signature().outputNames().size() == 1;
                    List<Tensor> out = oneToOne ? List.of(model.call(batch.getFirst())) : model.call(Inputs.of(batch)).list();
                    for (int o = 0; o < out.size(); o++) {
                        if (outputs.size() <= o) outputs.add(new ArrayList<>());
                        if (batchScope.owns(out.get(o))) made.add(out.get(o));
                        outputs.get(o).add(batchScope.keep(out.get(o)));
                    }
                }
            }
        } finally {
            if (wasTraining) model.train();
        }
        List<Tensor> joined = new ArrayList<>();
        for (List<Tensor> parts : outputs) {
            if (parts.size() == 1) {
                joined.add(parts.getFirst());
                continue;
            }
            joined.add(Tensor.concat(parts, 0));
            for (Tensor part : parts) if (made.contains(part)) part.storage().close(); // copied into the joined result
        }
        return joined;
    }

    private Tensor onDevice(Tensor t) { return device == null ? t : t.to(device); }

    // ---- checkpoints ---------------------------------------------------------------------------------------------

    static final String MODEL_PREFIX = "model.";
    static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String SCALER_PREFIX = "loss_scaler.";

    /**
     * Writes the model, the optimizer state and the history atomically to one safetensors file: tensors under
     * {@code model.} and {@code optimizer.} (and the loss scaler's under {@code loss_scaler.} when there is one), the
     * history as JSON in the metadata, with the builder's {@link Builder#checkpointMetadata}.
     */
    public void saveCheckpoint(Path file) throws IOException {
        List<SafetensorsEntry> entries = new ArrayList<>();
        model.stateDict().forEach((k, v) -> entries.add(TensorEntries.toEntry(MODEL_PREFIX + k, v)));
        optimizer.stateDict().forEach((k, v) -> entries.add(TensorEntries.toEntry(OPTIMIZER_PREFIX + k, v)));
        if (scaler != null) {
            scaler.stateDict().forEach((k, v) -> entries.add(TensorEntries.toEntry(SCALER_PREFIX + k, v)));
        }
        Map<String, String> meta = new LinkedHashMap<>(checkpointMetadata);
        meta.put("format", "jgrad-checkpoint");
        meta.put("epoch", Integer.toString(history.size()));
        meta.put("history", history.toJson());
        SafetensorsFile.write(file, entries, meta);
    }

    /**
     * Restores the model, optimizer state and history from {@link #saveCheckpoint}; returns the epochs done. A loss
     * scaler's state is restored when the checkpoint has one (a scaler resuming a run saved without one keeps its
     * initial scale).
     */
    public int resume(Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.read(file);
        if (!"jgrad-checkpoint".equals(f.metadata().get("format"))) {
            throw new IOException(file + " is not a jgrad checkpoint (metadata format=" + f.metadata().get("format") + ")");
        }
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (SafetensorsEntry e : f.entries()) all.put(e.name(), TensorEntries.toTensor(e));
        model.loadStateDict(ModelFiles.withoutPrefix(all, MODEL_PREFIX), true);
        optimizer.loadStateDict(ModelFiles.withoutPrefix(all, OPTIMIZER_PREFIX));
        Map<String, Tensor> scalerState = ModelFiles.withoutPrefix(all, SCALER_PREFIX);
        if (scaler != null && !scalerState.isEmpty()) scaler.loadStateDict(scalerState);
        history = History.fromJson(f.metadata().getOrDefault("history", "{\"epochs\": []}"));
        return history.size();
    }

    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final Loss loss;
        private final List<MetricSlot> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private Progress progress = Progress.auto();
        private Device device;
        private Boolean checkEveryBatch;
        private Autocast.Precision precision = Autocast.Precision.F32;
        private LossScaler scaler;
        private Map<String, String> checkpointMetadata = Map.of();
        private Regularizer regularizer;
        private List<Tensor> regularized;
        private double clipNorm;
        private double clipValue;

        private Builder(Module model, Optimizer optimizer, Loss loss) {
            this.model = Objects.requireNonNull(model, "model");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            this.loss = Objects.requireNonNull(loss, "loss");
        }

        /** Metrics of the model's (first) output against the (first) target, under their own names. */
        public Builder metrics(Metric... m) {
            for (Metric metric : m) metrics.add(new MetricSlot(metric, 0, metric.name()));
            return this;
        }

        /** Metrics of output {@code output} against target {@code output}, named {@code output<i>_<name>}. */
        public Builder metrics(int output, Metric... m) {
            if (output < 0) throw new IllegalArgumentException("metrics: output index must be >= 0, got " + output);
            for (Metric metric : m) metrics.add(new MetricSlot(metric, output, "output" + output + "_" + metric.name()));
            return this;
        }

        /**
         * Whether every batch's loss is read before the update, so that a non-finite loss stops training with the
         * weights as they were. The default reads it where that costs nothing (tensors in host memory, device type
         * {@code cpu}); on a GPU each read waits for the device, so there the losses are summed on the device and
         * checked about once a second, and a non-finite loss stops training after the batches since the last check
         * were applied. Set it to force either way.
         */
        public Builder checkEveryBatch(boolean on) {
            checkEveryBatch = on;
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

        /**
         * The input precision of matrix products and convolutions in training, evaluation and prediction (default
         * F32): BF16 or F16 run them inside {@link Autocast}, which backends without reduced-precision units (cpu)
         * ignore. F16 also scales the loss with a default {@link LossScaler} unless {@link #lossScaler} gives one.
         */
        public Builder precision(Autocast.Precision p) {
            precision = Objects.requireNonNull(p, "precision");
            return this;
        }

        /** Scales each training step's loss with this scaler (at any precision; F16 gets a default one without it). */
        public Builder lossScaler(LossScaler s) {
            scaler = Objects.requireNonNull(s, "lossScaler");
            return this;
        }

        /**
         * Metadata written into every checkpoint besides the trainer's own ({@code format}, {@code epoch},
         * {@code history}), e.g. which model and settings a run used, so that a resume can check them.
         */
        public Builder checkpointMetadata(Map<String, String> metadata) {
            checkpointMetadata = Map.copyOf(metadata);
            return this;
        }

        /**
         * Adds {@code regularizer}'s gradient (e.g. {@link Regularizer#l2}) for all the optimizer's parameters to
         * their gradients after each {@code backward()}, before clipping and the step. The loss in the history and
         * the progress is the data loss, without the penalty.
         */
        public Builder regularizer(Regularizer regularizer) {
            this.regularizer = Objects.requireNonNull(regularizer, "regularizer");
            this.regularized = null;
            return this;
        }

        /** {@link #regularizer(Regularizer)} for {@code params} only (e.g. the dense layers' weights, not biases). */
        public Builder regularizer(Regularizer regularizer, List<Tensor> params) {
            Objects.requireNonNull(params, "params");
            if (params.isEmpty()) throw new IllegalArgumentException("regularizer: no parameters");
            this.regularizer = Objects.requireNonNull(regularizer, "regularizer");
            this.regularized = List.copyOf(params);
            return this;
        }

        /**
         * Scales the gradients of each step together so that their global L2 norm is at most {@code maxNorm} (PyTorch's
         * {@code clip_grad_norm_}, Keras' {@code global_clipnorm}), without reading anything back from a device
         * ({@link GradientClipping#clipByNormOnDevice}). The norm also serves the check for gradients that are not
         * finite: on host memory a step whose norm is NaN or infinite stops training before its update.
         */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm > 0 && maxNorm < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("clipGradNorm: maxNorm must be finite and > 0, got " + maxNorm);
            }
            clipNorm = maxNorm;
            return this;
        }

        /** Clamps every gradient element of each step to {@code [-clipValue, clipValue]} (after clipping by norm). */
        public Builder clipGradValue(double clipValue) {
            if (!(clipValue > 0 && clipValue < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("clipGradValue: clipValue must be finite and > 0, got " + clipValue);
            }
            this.clipValue = clipValue;
            return this;
        }

        public Trainer build() { return new Trainer(this); }
    }
}
