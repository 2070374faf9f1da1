package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.cuda.Cuda;
import io.jgrad.cuda.MemoryStats;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Module;
import io.jgrad.optim.Adam;
import io.jgrad.optim.Optimizer;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The jgrad side of the GPU side by side with PyTorch ({@code benchmarks/gpu-check}, step {@code sidebyside}): the
 * workloads of {@code benchmarks/reference/torch_gpu.py}, with the same shapes, models, optimizer, batch and data.
 * <ul>
 *   <li>{@code gpu-sgemm-4096}: F32 4096x4096x4096 matmul (TF32 off unless {@code -Djgrad.cuda.tf32=true}); GFLOPS.</li>
 *   <li>{@code gpu-mlp-train}, {@code gpu-cnn-train}: the fashion-mlp and fashion-cnn models ({@link TrainThroughput}),
 *       Adam 1e-3, cross-entropy, consecutive batches (256 by default) of 60,000 images held on the device
 *       (Fashion-MNIST from {@code --data} when its {@code train-images-idx3-ubyte.gz} is there, else seeded uniform
 *       pixels and labels); samples/s.</li>
 * </ul>
 * Each training step is the trainer's ({@code Trainer.fit}): a {@link Scope} per step, {@code zeroGrad}, forward,
 * loss, backward, {@code step}, with no read of the loss. After a warm-up of at least 1,000 steps and
 * {@code --warmup-seconds}, a workload runs for {@code --seconds}, synchronising the device after every 20 steps (5
 * matmuls) before reading the clock, as torch_gpu.py does. Output, one line each:
 * <pre>
 * gpu-mlp-train value=&lt;x&gt; unit=samples/s steps=&lt;n&gt; batch=256 data=&lt;fashion-mnist|synthetic&gt; loss=&lt;x&gt;
 * memory gpu-mlp-train step10=&lt;bytes&gt; step1000=&lt;bytes&gt; peak=&lt;bytes&gt; cached=&lt;bytes&gt;
 * breakdown gpu-mlp-train issue_ms_per_step=&lt;x&gt; sync_ms_per_step=&lt;x&gt; gc_ms=&lt;n&gt;
 * </pre>
 * {@code memory} gives the CUDA allocator's bytes in use after the 10th and the 1,000th step (cuda devices only).
 * {@code breakdown} splits the timed run's host time: issuing the steps (the Java code, launches, and any wait an op
 * makes itself) against waiting in {@link Backend#synchronize()} for the device to finish what was issued; a small
 * sync share means the host is the bottleneck.
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
 *     -cp benchmarks/target/benchmarks.jar io.jgrad.bench.GpuSideBySide [gpu-sgemm-4096] [gpu-mlp-train] [gpu-cnn-train]
 *     [--data DIR] [--seconds 5] [--warmup-seconds 2] [--batch-size 256] [--device cuda]</pre>
 * Exit status 2 for a bad argument, 3 when the device has no usable backend (the reason is printed).
 */
public final class GpuSideBySide {
    /** The workloads, in torch_gpu.py's order. */
    static final List<String> WORKLOADS = List.of("gpu-sgemm-4096", "gpu-mlp-train", "gpu-cnn-train");
    private static final int SGEMM_N = 4096;
    private static final int MEMORY_EARLY_STEP = 10;
    private static final int MEMORY_LATE_STEP = 1000;
    private static final int STEPS_PER_SYNC = 20;
    private static final int MATMULS_PER_SYNC = 5;
    private static final int IMAGES = 60_000;

    private GpuSideBySide() {}

    /** The command line. */
    record Options(List<String> workloads, Path data, double seconds, double warmupSeconds, int batch, Device device) {
        static final String USAGE = "usage: GpuSideBySide [" + String.join("] [", WORKLOADS) + "] [--data DIR] [--seconds S] "
                + "[--warmup-seconds S] [--batch-size N] [--device cuda|cuda:N|cpu]";

        static Options parse(String... args) {
            List<String> workloads = new ArrayList<>();
            Path data = null;
            double seconds = 5, warmupSeconds = 2;
            int batch = 256;
            Device device = Device.cuda(0);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(value(args, ++i));
                    case "--seconds" -> seconds = positive(args, ++i);
                    case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(value(args, ++i));
                    case "--batch-size" -> batch = (int) positive(args, ++i);
                    case "--device" -> device = Device.parse(value(args, ++i));
                    default -> {
                        if (!WORKLOADS.contains(args[i])) {
                            throw new IllegalArgumentException("unknown argument or workload '" + args[i] + "'");
                        }
                        workloads.add(args[i]);
                    }
                }
            }
            if (batch > IMAGES) throw new IllegalArgumentException("--batch-size " + batch + " is larger than the " + IMAGES + " images");
            return new Options(workloads.isEmpty() ? WORKLOADS : List.copyOf(workloads), data, seconds, warmupSeconds, batch, device);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
            return args[i];
        }

        private static double positive(String[] args, int i) {
            double v;
            try {
                v = Double.parseDouble(value(args, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i - 1] + " needs a number, got '" + args[i] + "'");
            }
            if (!(v > 0)) throw new IllegalArgumentException(args[i - 1] + " must be > 0, got " + args[i]);
            return v;
        }
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("GpuSideBySide: " + e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        Backend backend;
        try {
            backend = Backends.forDevice(options.device());
        } catch (IllegalStateException e) {
            System.err.println("GpuSideBySide: device " + options.device() + " is not usable: " + e.getMessage());
            System.exit(3);
            return;
        }
        // As `jgrad train --device`: every tensor (data, parameters, optimizer state, temporaries) on the device.
        Backends.setDefault(backend);
        System.out.printf(Locale.ROOT, "# jgrad, backend %s on %s, tf32 %s, batch %d, %.1f s per workload%n", backend.name(),
                options.device(), Boolean.getBoolean("jgrad.cuda.tf32") ? "on" : "off", options.batch(), options.seconds());
        TrainingData data = null;
        for (String workload : options.workloads()) {
            if (workload.equals("gpu-sgemm-4096")) {
                sgemm(backend, options);
            } else {
                if (data == null) data = TrainingData.load(options.data(), options.device());
                train(workload, backend, data, options);
            }
            System.out.flush();
        }
    }

    /** Square F32 matmuls, 5 per synchronisation; prints GFLOPS. */
    static void sgemm(Backend backend, Options options) {
        Generator g = new Generator(0);
        Tensor a = Tensor.rand(options.device(), g, DType.F32, SGEMM_N, SGEMM_N);
        Tensor b = Tensor.rand(options.device(), g, DType.F32, SGEMM_N, SGEMM_N);
        try (Scope warmUp = Scope.open()) {
            for (int i = 0; i < 3; i++) a.matmul(b);
        }
        backend.synchronize();
        HostTiming timing = HostTiming.run(backend, options.seconds(), MATMULS_PER_SYNC, () -> {
            try (Scope products = Scope.open()) {
                for (int i = 0; i < MATMULS_PER_SYNC; i++) a.matmul(b);
            }
        });
        double seconds = timing.elapsedNanos / 1e9;
        System.out.printf(Locale.ROOT, "gpu-sgemm-4096 value=%.1f unit=GFLOPS runs=%d tf32=%s%n",
                2.0 * SGEMM_N * SGEMM_N * (double) SGEMM_N * timing.units / seconds / 1e9, timing.units,
                Boolean.getBoolean("jgrad.cuda.tf32") ? "on" : "off");
        System.out.println(timing.line("gpu-sgemm-4096", "matmul"));
        a.storage().close();
        b.storage().close();
    }

    /** Trains the workload's model for the warm-up and then the timed run; prints samples/s, memory and breakdown. */
    static void train(String workload, Backend backend, TrainingData data, Options options) {
        Generator.global().manualSeed(0);
        TrainingLoop loop = new TrainingLoop(workload, data, options.batch());
        long[] memory = new long[2];
        long warmEnd = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
        while (loop.steps() < MEMORY_LATE_STEP || System.nanoTime() < warmEnd) {
            loop.step();
            if (loop.steps() == MEMORY_EARLY_STEP) memory[0] = bytesInUse(options.device());
            if (loop.steps() == MEMORY_LATE_STEP) memory[1] = bytesInUse(options.device());
        }
        backend.synchronize();

        HostTiming timing = HostTiming.run(backend, options.seconds(), STEPS_PER_SYNC, () -> {
            for (int i = 0; i < STEPS_PER_SYNC; i++) loop.step();
        });
        double seconds = timing.elapsedNanos / 1e9;
        double loss = loop.lossOfNextStep();
        System.out.printf(Locale.ROOT, "%s value=%.1f unit=samples/s steps=%d batch=%d data=%s loss=%.4f%n", workload,
                timing.units * options.batch() / seconds, timing.units, options.batch(), data.source(), loss);
        if (options.device().type().equals("cuda")) {
            MemoryStats stats = Cuda.memoryStats(options.device().index());
            System.out.printf(Locale.ROOT, "memory %s step%d=%d step%d=%d peak=%d cached=%d%n", workload, MEMORY_EARLY_STEP,
                    memory[0], MEMORY_LATE_STEP, memory[1], stats.peakAllocatedBytes(), stats.cachedBytes());
        }
        System.out.println(timing.line(workload, "step"));
    }

    /** The CUDA allocator's bytes in use, or -1 on a device without one. */
    private static long bytesInUse(Device device) {
        return device.type().equals("cuda") ? Cuda.memoryStats(device.index()).allocatedBytes() : -1;
    }

    /** The 60,000 training images [N, 1, 28, 28] (F32 in [0, 1]) and labels [N] (I64) on the device. */
    record TrainingData(Tensor images, Tensor labels, String source) {
        static TrainingData load(Path folder, Device device) throws IOException {
            if (folder != null && Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz"))) {
                TrainThroughput.Dataset host = TrainThroughput.Dataset.load(folder);
                return new TrainingData(host.images().to(device), host.labels().to(device), "fashion-mnist");
            }
            Generator g = new Generator(0);
            return new TrainingData(Tensor.rand(device, g, DType.F32, IMAGES, 1, 28, 28),
                    Tensor.randint(device, g, DType.I64, 0, 10, IMAGES), "synthetic");
        }

        int size() { return labels.dim(0); }
    }

    /** The trainer's step over consecutive batches, as torch_gpu.py's {@code step(i)}. */
    static final class TrainingLoop {
        private final Module net;
        private final Optimizer optimizer;
        private final CrossEntropyLoss lossFn = new CrossEntropyLoss();
        private final TrainingData data;
        private final int batch;
        private final int batches;
        private long steps;

        TrainingLoop(String workload, TrainingData data, int batch) {
            this.data = data;
            this.batch = batch;
            this.batches = data.size() / batch;
            this.net = TrainThroughput.model(workload.substring("gpu-".length()), new Generator(0));
            this.optimizer = new Adam(net.parameters(), 1e-3);
        }

        /** Steps run so far. */
        long steps() { return steps; }

        /** One step; everything it creates but the parameters' new values and the optimizer state is released. */
        void step() {
            try (Scope step = Scope.open()) {
                run();
            }
        }

        /** One more step whose loss is read (outside the timed run). */
        double lossOfNextStep() {
            try (Scope step = Scope.open()) {
                return run().item();
            }
        }

        private Tensor run() {
            int j = (int) (steps++ % batches) * batch;
            Tensor x = data.images().narrow(0, j, batch);
            Tensor y = data.labels().narrow(0, j, batch);
            optimizer.zeroGrad();
            Tensor loss = lossFn.compute(net.call(x), y);
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad(); // the gradients go with the step's scope; none is left pointing at them
            return loss;
        }
    }

    /** The timed run's host time, split between issuing work and waiting for the device. */
    static final class HostTiming {
        private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        private final long gcBefore = TrainThroughput.gcMillis(gcs);
        long issueNanos;
        long syncNanos;
        long elapsedNanos;
        long units;

        /**
         * Runs {@code issue} (which issues {@code unitsPerSync} units of work) and then {@link Backend#synchronize()},
         * over and over until {@code seconds} have passed.
         */
        static HostTiming run(Backend backend, double seconds, int unitsPerSync, Runnable issue) {
            HostTiming timing = new HostTiming();
            long limit = (long) (seconds * 1e9), start = System.nanoTime(), now;
            do {
                long issueStart = System.nanoTime();
                issue.run();
                long issued = System.nanoTime();
                backend.synchronize();
                now = System.nanoTime();
                timing.issueNanos += issued - issueStart;
                timing.syncNanos += now - issued;
                timing.units += unitsPerSync;
            } while (now - start < limit);
            timing.elapsedNanos = now - start;
            return timing;
        }

        String line(String workload, String unit) {
            return String.format(Locale.ROOT, "breakdown %s issue_ms_per_%s=%.4f sync_ms_per_%s=%.4f gc_ms=%d", workload, unit,
                    issueNanos / 1e6 / units, unit, syncNanos / 1e6 / units, TrainThroughput.gcMillis(gcs) - gcBefore);
        }
    }
}
