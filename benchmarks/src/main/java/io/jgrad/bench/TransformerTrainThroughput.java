package io.jgrad.bench;

import io.jgrad.Generator;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.nn.MSELoss;
import io.jgrad.nn.TransformerEncoderLayer;
import io.jgrad.nn.TransformerSettings;
import io.jgrad.optim.Adam;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of one Transformer encoder layer, the jgrad side of {@code benchmarks/compare/run.sh
 * transformer-train}, as {@code benchmarks/reference/torch_transformer.py}: {@code TransformerEncoderLayer(d_model
 * 256, 4 heads, feed-forward 1024, dropout 0)}, batch-first input [32, 128, 256] and target of the same shape
 * (fixed seeded normal draws), mean-square loss of the output, Adam 1e-3; each step {@code zeroGrad}, forward, loss,
 * backward, {@code step}, in a {@link Scope} as {@code Trainer.fit} runs it ({@code --unscoped}: without one). After a
 * warm-up it trains for a fixed time and prints one line in
 * {@link TrainThroughput}'s format ({@code samples_per_s}, {@code gc_pct}, {@code alloc_mb_per_step}, ...).
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Djgrad.threads=2 -cp benchmarks/target/benchmarks.jar \
 *     io.jgrad.bench.TransformerTrainThroughput transformer-train [--seconds 10] [--warmup-seconds 8] [--unscoped]</pre>
 */
public final class TransformerTrainThroughput {
    static final int BATCH = 32, LENGTH = 128, D_MODEL = 256, HEADS = 4, FEED_FORWARD = 1024;

    private TransformerTrainThroughput() {}

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("transformer-train")) {
            throw new IllegalArgumentException("usage: TransformerTrainThroughput transformer-train [--seconds S] [--warmup-seconds S]"
                    + " [--unscoped]");
        }
        double seconds = 10, warmupSeconds = 8;
        boolean scoped = true;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                case "--unscoped" -> scoped = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --seconds S, --warmup-seconds S, --unscoped)");
            }
        }
        Generator.global().manualSeed(0);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(TransformerSettings.of(D_MODEL, HEADS)
                .dimFeedforward(FEED_FORWARD).dropout(0).batchFirst(true));
        Adam opt = new Adam(layer.parameters(), 1e-3);
        MSELoss lossFn = new MSELoss();
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, BATCH, LENGTH, D_MODEL), target = Tensor.randn(g, BATCH, LENGTH, D_MODEL);
        double[] lastLoss = new double[1];
        Runnable unscopedStep = () -> {
            opt.zeroGrad();
            Tensor loss = lossFn.compute(layer.forward(x), target);
            loss.backward();
            opt.step();
            lastLoss[0] = loss.item();
        };
        Runnable step = !scoped ? unscopedStep : () -> { // a Scope per step, as Trainer.fit runs it
            try (Scope s = Scope.open()) {
                unscopedStep.run();
            }
        };

        long s = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (s < 5 || System.nanoTime() < warmEnd) {
            step.run();
            s++;
        }
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long gcBefore = TrainThroughput.gcMillis(gcs), allocBefore = TrainThroughput.allocatedBytes();
        long cpuBefore = TrainThroughput.processCpuNanos();
        long steps = 0, start = System.nanoTime(), limit = (long) (seconds * 1e9), elapsed;
        do {
            step.run();
            steps++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < limit);
        long gc = TrainThroughput.gcMillis(gcs) - gcBefore, alloc = TrainThroughput.allocatedBytes() - allocBefore;
        long cpu = TrainThroughput.processCpuNanos() - cpuBefore;
        double secs = elapsed / 1e9;
        System.out.printf(Locale.ROOT, "transformer-train samples_per_s=%.1f threads=%d steps=%d gc_pct=%.2f gc_ms=%d "
                        + "alloc_mb_per_step=%.2f samples_per_cpu_s=%.1f loss=%.4f%n",
                steps * BATCH / secs, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()), steps,
                100.0 * gc / (secs * 1000), gc, alloc < 0 ? Double.NaN : alloc / 1e6 / steps,
                cpu <= 0 ? Double.NaN : steps * BATCH / (cpu / 1e9), lastLoss[0]);
    }
}
