package io.jgrad.bench;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.data.IdxArray;
import io.jgrad.data.IdxReader;
import io.jgrad.nn.BatchNorm2d;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Dense;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.GlobalAvgPool2d;
import io.jgrad.nn.MaxPool2d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.ResidualBlock;
import io.jgrad.nn.Sequential;
import io.jgrad.optim.Adam;
import io.jgrad.optim.Optimizer;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of the bundled trainers' models, the jgrad side of {@code benchmarks/compare/run.sh mlp-train}
 * and {@code cnn-train}. It runs the same loop as {@code benchmarks/reference/torch_train.py}: the workload's model,
 * Adam 1e-3, cross-entropy, batches of 128 consecutive Fashion-MNIST training images (pixels / 255), each step
 * {@code zeroGrad}, forward, loss, backward, {@code step}, in a {@link io.jgrad.Scope} as {@code Trainer.fit} runs it
 * ({@code --unscoped}: without one). After a warm-up (JIT compilation) it trains for a fixed time
 * and prints one line:
 * <pre>&lt;workload&gt; samples_per_s=&lt;x&gt; threads=&lt;n&gt; steps=&lt;n&gt; gc_pct=&lt;x&gt; gc_ms=&lt;x&gt; alloc_mb_per_step=&lt;x&gt; samples_per_cpu_s=&lt;x&gt; loss=&lt;x&gt;</pre>
 * {@code gc_pct} is the collectors' accumulated time (GarbageCollectorMXBeans) as a share of the timed run;
 * {@code samples_per_cpu_s} counts samples per second of the process's CPU time (all threads), which other
 * processes on a shared machine disturb less than the wall-clock rate.
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Djgrad.threads=2 -cp benchmarks/target/benchmarks.jar \
 *     io.jgrad.bench.TrainThroughput mlp-train|cnn-train|resnet-train|lstm-train [--data DIR] [--seconds 10] [--warmup-seconds 8]
 *     [--batch-size 128]</pre>
 */
public final class TrainThroughput {
    private TrainThroughput() {}

    /** The models of the bundled trainers (fashion-mlp, fashion-cnn, fashion-resnet); the first two as in torch_train.py. */
    static Module model(String workload, Generator g) {
        return switch (workload) {
            case "mlp-train" -> new Sequential(new Flatten(),
                    new Dense(784, 512).generator(g), new ReLU(),
                    new Dense(512, 256).generator(g), new ReLU(),
                    new Dense(256, 10).generator(g));
            case "cnn-train" -> new Sequential(
                    new Conv2d(1, 32, 3).padding(1).generator(g), new ReLU(), new MaxPool2d(2),
                    new Conv2d(32, 64, 3).padding(1).generator(g), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Dense(64 * 7 * 7, 128).generator(g), new ReLU(), new Dense(128, 10).generator(g));
            case "resnet-train" -> new Sequential(
                    new Conv2d(1, 32, 3).padding(1).withoutBias().generator(g), new BatchNorm2d(32), new ReLU(),
                    new ResidualBlock(32, 64, 2), new ResidualBlock(64, 128, 2), new GlobalAvgPool2d(), new Dense(128, 10).generator(g));
            default -> throw new IllegalArgumentException("unknown workload " + workload + " (mlp-train, cnn-train, resnet-train)");
        };
    }

    /** Fashion-MNIST training images [N, 1, 28, 28] as F32 in [0, 1] and labels [N] as I64. */
    record Dataset(Tensor images, Tensor labels) {
        static Dataset load(Path dir) throws IOException {
            IdxArray img = IdxReader.readImages(dir.resolve("train-images-idx3-ubyte.gz"));
            IdxArray lab = IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));
            int[] d = img.dims();
            float[] pixels = new float[img.data().length];
            for (int i = 0; i < pixels.length; i++) pixels[i] = (img.data()[i] & 0xFF) / 255f;
            long[] labels = new long[lab.count()];
            for (int i = 0; i < labels.length; i++) labels[i] = lab.unsigned(i);
            return new Dataset(Tensor.wrap(pixels, Shape.of(d[0], 1, d[1], d[2])), Tensor.wrap(labels, Shape.of(labels.length)));
        }

        int size() { return labels.dim(0); }
    }

    /** One training step per call, as torch_train.py's {@code step(i)}. */
    interface Step {
        void step(long i);

        double lastLoss();

        List<io.jgrad.Tensor> parameters();
    }

    /**
     * {@code step} run in a {@link io.jgrad.Scope} per call, as {@code Trainer.fit} runs each step: what the step makes
     * is released when it ends, and the CPU backend reuses that memory for the next step's results.
     */
    static Step scoped(Step step) {
        return new Step() {
            @Override public void step(long i) {
                try (io.jgrad.Scope s = io.jgrad.Scope.open()) {
                    step.step(i);
                }
            }

            @Override public double lastLoss() { return step.lastLoss(); }

            @Override public List<io.jgrad.Tensor> parameters() { return step.parameters(); }
        };
    }

    /** One training step per call over consecutive batches of Fashion-MNIST. */
    static final class Loop implements Step {
        final Module net;
        final Optimizer opt;
        final CrossEntropyLoss lossFn = new CrossEntropyLoss();
        final Dataset data;
        final int batch;
        final int batches;
        double lastLoss;

        Loop(String workload, Dataset data, int batch, Generator g) {
            this.data = data;
            this.batch = batch;
            this.batches = data.size() / batch;
            this.net = model(workload, g);
            this.opt = new Adam(net.parameters(), 1e-3);
        }

        public void step(long i) {
            int j = (int) (i % batches) * batch;
            Tensor x = data.images().narrow(0, j, batch);
            Tensor y = data.labels().narrow(0, j, batch);
            opt.zeroGrad();
            Tensor loss = lossFn.compute(net.call(x), y);
            loss.backward();
            opt.step();
            lastLoss = loss.item();
        }

        public double lastLoss() { return lastLoss; }

        public List<Tensor> parameters() { return net.parameters(); }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("usage: TrainThroughput mlp-train|cnn-train|resnet-train|lstm-train [--data DIR] "
                    + "[--seconds S] [--warmup-seconds S] [--batch-size N] [--unscoped]");
        }
        String workload = args[0];
        boolean lstm = workload.equals(LstmTrain.WORKLOAD);
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        double seconds = 10, warmupSeconds = 8;
        boolean scoped = true;
        int batch = lstm ? LstmTrain.BATCH : 128;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dir = Path.of(value(args, ++i));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(value(args, ++i));
                case "--batch-size" -> batch = Integer.parseInt(value(args, ++i));
                case "--unscoped" -> scoped = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --data DIR, --seconds S, --warmup-seconds S, --batch-size N, --unscoped)");
            }
        }
        Generator.global().manualSeed(0);
        Step inner = lstm ? new LstmTrain(batch, new Generator(0)) : new Loop(workload, Dataset.load(dir), batch, new Generator(0));
        Step loop = scoped ? scoped(inner) : inner;
        if (inner.parameters().getFirst().dtype() != DType.F32) throw new IllegalStateException("expected F32 parameters");

        // Warm-up: at least the 20 steps torch_train.py takes, and long enough for C2 to compile the kernels (on a
        // loaded 2-core machine the GEMM micro-kernel reached C2 only after ~3 s; before that it allocates vectors).
        long s = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (s < 20 || System.nanoTime() < warmEnd) loop.step(s++);

        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long gcBefore = gcMillis(gcs);
        long allocBefore = allocatedBytes();
        long cpuBefore = processCpuNanos();
        long steps = 0;
        long start = System.nanoTime(), limit = (long) (seconds * 1e9), elapsed;
        do {
            loop.step(steps++);
            elapsed = System.nanoTime() - start;
        } while (elapsed < limit);
        long gc = gcMillis(gcs) - gcBefore;
        long alloc = allocatedBytes() - allocBefore;
        long cpu = processCpuNanos() - cpuBefore;
        double secs = elapsed / 1e9;
        System.out.printf(Locale.ROOT, "%s samples_per_s=%.1f threads=%d steps=%d gc_pct=%.2f gc_ms=%d alloc_mb_per_step=%.2f "
                        + "samples_per_cpu_s=%.1f loss=%.4f%n",
                workload, steps * batch / secs, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()), steps,
                100.0 * gc / (secs * 1000), gc, alloc < 0 ? Double.NaN : alloc / 1e6 / steps,
                cpu <= 0 ? Double.NaN : steps * batch / (cpu / 1e9), loop.lastLoss());
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }

    static long gcMillis(List<GarbageCollectorMXBean> gcs) {
        long total = 0;
        for (GarbageCollectorMXBean gc : gcs) total += Math.max(0, gc.getCollectionTime());
        return total;
    }

    /** CPU time of the whole process (every thread: workers, GC, JIT), or -1 where the JVM cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getProcessCpuTime();
        return -1;
    }

    /** Bytes allocated by all threads so far (the thread team's workers included), or -1 where the JVM cannot tell. */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }
}
