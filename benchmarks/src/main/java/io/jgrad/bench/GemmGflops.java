package io.jgrad.bench;

import io.jgrad.cpu.gemm.Sgemm;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures square Sgemm throughput outside JMH, for the side-by-side scripts in
 * {@code benchmarks/compare}: warms up for a fixed time, then times repeated calls and prints one
 * line {@code gflops N <value>} (the best of several timed rounds, as the numpy helper does).
 *
 * <p>Usage: {@code GemmGflops <n> [warmupSeconds] [rounds] [secondsPerRound]}.
 */
public final class GemmGflops {
    private GemmGflops() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        double perRound = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;

        float[] a = random(n * n, 1), b = random(n * n, 2), c = new float[n * n];
        double flops = 2.0 * n * n * n;
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            Sgemm.matmul(false, false, n, n, n, a, b, c);
        }
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            int reps = 0;
            long t0 = System.nanoTime();
            long t;
            do {
                Sgemm.matmul(false, false, n, n, n, a, b, c);
                reps++;
                t = System.nanoTime();
            } while (t - t0 < perRound * 1e9);
            best = Math.max(best, flops * reps / (t - t0));
        }
        System.out.println(String.format(Locale.ROOT, "gflops %d %.1f", n, best));
    }

    static float[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
