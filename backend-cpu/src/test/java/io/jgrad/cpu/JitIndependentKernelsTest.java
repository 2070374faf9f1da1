package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.backend.ReduceOp;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels that sum vector lanes or take exp give the same bits on their first (interpreted) calls as after C2
 * has compiled them: {@code reduceLanes(ADD)} adds float lanes in lane order in the interpreter and as a tree in C2,
 * and the Vector API's EXP runs native routines in C2 but a Java fallback before, which made seeded training runs
 * differ from run to run. Each kernel is called until C2 has had time to compile it, and every
 * result is compared with the first.
 */
class JitIndependentKernelsTest {
    private static final long RUN_NANOS = 1_500_000_000L;
    private static final int MAX_CALLS = 400_000;

    /** Values over eight orders of magnitude, so that a different summation order changes the last bits. */
    private static float[] values(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8)));
        return x;
    }

    @Test
    void rowSumsDoNotChangeWithCompilation() {
        float[] x = values(77, 1);
        long first = Double.doubleToRawLongBits(ReduceKernels.rowF32(ReduceOp.SUM, x, 0, x.length));
        long end = System.nanoTime() + RUN_NANOS;
        for (int call = 1; call < MAX_CALLS && System.nanoTime() < end; call++) {
            assertEquals(first, Double.doubleToRawLongBits(ReduceKernels.rowF32(ReduceOp.SUM, x, 0, x.length)), "call " + call);
        }
    }

    @Test
    void softmaxDoesNotChangeWithCompilation() {
        float[] x = values(40, 2), first = new float[x.length], out = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 1e-6f;
        RowKernels.softmaxF32(x, 0, first, 0, x.length, false);
        long end = System.nanoTime() + RUN_NANOS;
        for (int call = 1; call < MAX_CALLS && System.nanoTime() < end; call++) {
            RowKernels.softmaxF32(x, 0, out, 0, x.length, false);
            if (!Arrays.equals(first, out)) assertEquals(Arrays.toString(first), Arrays.toString(out), "call " + call);
        }
    }

    @Test
    void expDoesNotChangeWithCompilation() {
        // The vectors whose Vector API EXP differed before and after C2 compiled it were rare, so many inputs at once.
        float[] x = new float[4096], first = new float[x.length], out = new float[x.length];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-20, 20);
        UnaryKernels.f32(io.jgrad.backend.UnaryOp.EXP, 0f, 0f, x, 0, first, 0, x.length);
        long end = System.nanoTime() + RUN_NANOS;
        for (int call = 1; call < MAX_CALLS && System.nanoTime() < end; call++) {
            UnaryKernels.f32(io.jgrad.backend.UnaryOp.EXP, 0f, 0f, x, 0, out, 0, x.length);
            if (!Arrays.equals(first, out)) assertEquals(Arrays.toString(first), Arrays.toString(out), "call " + call);
        }
    }

    @Test
    void batchNormMomentsDoNotChangeWithCompilation() {
        int n = 2, c = 3, rest = 45;
        float[] x = values(n * c * rest, 3), first = new float[2 * c], out = new float[2 * c];
        ChannelKernels.moments(x, 0, n, c, rest, first);
        long end = System.nanoTime() + RUN_NANOS;
        for (int call = 1; call < MAX_CALLS && System.nanoTime() < end; call++) {
            ChannelKernels.moments(x, 0, n, c, rest, out);
            if (!Arrays.equals(first, out)) assertEquals(Arrays.toString(first), Arrays.toString(out), "call " + call);
        }
    }
}
