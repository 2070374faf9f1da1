package io.jgrad.bench;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;
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

import java.util.Locale;

/**
 * Training throughput of a whole step (forward, loss, backward, Adam) on the workloads of
 * {@code benchmarks/reference/torch_train.py}, so {@code benchmarks/compare/run.sh} can set the two side by side.
 * The data are random images of Fashion-MNIST's shape (throughput does not depend on the values).
 * <pre>java ... io.jgrad.bench.TrainThroughput cnn-train [seconds] [batch]</pre>
 * Prints {@code <workload> samples_per_s=<x> steps=<n> backend=<name>}; with {@code --profile}, also the time of
 * each phase (forward, backward, optimizer step).
 */
public final class TrainThroughput {
    private TrainThroughput() {}

    static Module model(String workload) {
        return switch (workload) {
            case "mlp-train" -> new Sequential(new Dense(784, 512), new ReLU(), new Dense(512, 256), new ReLU(), new Dense(256, 10));
            case "cnn-train" -> new Sequential(
                    new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
                    new Conv2d(32, 64, 3).padding(1), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Dense(64 * 7 * 7, 128), new ReLU(), new Dense(128, 10));
            // fashion-resnet's model (examples module): stem with batch norm, two basic blocks, global pooling.
            case "resnet-train" -> new Sequential(
                    new Conv2d(1, 32, 3).padding(1).withoutBias(), new BatchNorm2d(32), new ReLU(),
                    new ResidualBlock(32, 32, 2), new ResidualBlock(32, 64, 2), new GlobalAvgPool2d(), new Dense(64, 10));
            default -> throw new IllegalArgumentException("unknown workload " + workload + " (mlp-train, cnn-train, resnet-train)");
        };
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: TrainThroughput <mlp-train|cnn-train|resnet-train> [seconds=10] [batch=128] [--profile]");
            System.exit(2);
        }
        String workload = args[0];
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        boolean profile = java.util.Arrays.asList(args).contains("--profile");
        Generator g = new Generator(0);
        Generator.global().manualSeed(0);
        Module net = model(workload);
        Adam opt = new Adam(net.parameters(), 1e-3);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        int[] shape = !workload.equals("mlp-train") ? new int[] {batch, 1, 28, 28} : new int[] {batch, 784};
        Tensor[] xs = new Tensor[8], ys = new Tensor[8];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Tensor.rand(g, shape);
            ys[i] = Tensor.randint(g, 0, 10, batch);
        }
        long[] phase = new long[3];
        for (int i = 0; i < 20; i++) step(net, opt, lossFn, xs[i % 8], ys[i % 8], null);
        int steps = 0;
        long start = System.nanoTime(), limit = (long) (seconds * 1e9);
        while (System.nanoTime() - start < limit) {
            step(net, opt, lossFn, xs[steps % 8], ys[steps % 8], profile ? phase : null);
            steps++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s samples_per_s=%.1f steps=%d backend=%s%n", workload, steps * batch / elapsed, steps,
                Backends.defaultBackend().name());
        if (profile) {
            System.out.printf(Locale.ROOT, "per step: forward %.1f ms, backward %.1f ms, optimizer %.1f ms%n",
                    phase[0] / 1e6 / steps, phase[1] / 1e6 / steps, phase[2] / 1e6 / steps);
        }
    }

    private static void step(Module net, Adam opt, CrossEntropyLoss lossFn, Tensor x, Tensor y, long[] phase) {
        long t0 = System.nanoTime();
        opt.zeroGrad();
        Tensor loss = lossFn.compute(net.forward(x), y);
        long t1 = System.nanoTime();
        loss.backward();
        long t2 = System.nanoTime();
        opt.step();
        long t3 = System.nanoTime();
        if (phase != null) {
            phase[0] += t1 - t0;
            phase[1] += t2 - t1;
            phase[2] += t3 - t2;
        }
    }
}
