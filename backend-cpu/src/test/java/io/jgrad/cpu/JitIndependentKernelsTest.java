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

    /**
     * Calls {@code kernel} (which writes its result into the array it is given) until C2 has had time to compile it,
     * and fails at the first call whose result differs in any bit from the first call's.
     */
    private static void assertSameBitsAsFirstCall(int resultLength, java.util.function.Consumer<float[]> kernel) {
        float[] first = new float[resultLength], out = new float[resultLength];
        kernel.accept(first);
        long end = System.nanoTime() + RUN_NANOS;
        for (int call = 1; call < MAX_CALLS && System.nanoTime() < end; call++) {
            kernel.accept(out);
            if (!Arrays.equals(rawBits(first), rawBits(out))) {
                assertEquals(Arrays.toString(first), Arrays.toString(out), "call " + call);
                assertEquals(Arrays.toString(rawBits(first)), Arrays.toString(rawBits(out)), "call " + call);
            }
        }
    }

    private static int[] rawBits(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) bits[i] = Float.floatToRawIntBits(v[i]);
        return bits;
    }

    @Test
    void rowSumsDoNotChangeWithCompilation() {
        float[] x = values(77, 1);
        // The double result is compared through its two float halves' bits.
        assertSameBitsAsFirstCall(2, out -> {
            long bits = Double.doubleToRawLongBits(ReduceKernels.rowF32(ReduceOp.SUM, x, 0, x.length));
            out[0] = Float.intBitsToFloat((int) (bits >>> 32));
            out[1] = Float.intBitsToFloat((int) bits);
        });
    }

    @Test
    void squaredErrorSumsDoNotChangeWithCompilation() {
        float[] x = values(77, 5), y = values(77, 6);
        assertSameBitsAsFirstCall(2, out -> {
            long bits = Double.doubleToRawLongBits(SquaredErrorKernels.blockSumF32(x, 0, y, 0, x.length));
            out[0] = Float.intBitsToFloat((int) (bits >>> 32));
            out[1] = Float.intBitsToFloat((int) bits);
        });
    }

    @Test
    void softmaxDoesNotChangeWithCompilation() {
        float[] x = values(40, 2);
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 1e-6f;
        assertSameBitsAsFirstCall(x.length, out -> RowKernels.softmaxF32(x, 0, out, 0, x.length, false));
    }

    @Test
    void logSoftmaxDoesNotChangeWithCompilation() {
        float[] x = values(40, 3);
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 1e-6f + 1e4f;
        assertSameBitsAsFirstCall(x.length, out -> RowKernels.softmaxF32(x, 0, out, 0, x.length, true));
    }

    @Test
    void expDoesNotChangeWithCompilation() {
        // The vectors whose Vector API EXP differed before and after C2 compiled it were rare, so many inputs at once.
        float[] x = new float[4096];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-20, 20);
        assertSameBitsAsFirstCall(x.length, out -> UnaryKernels.f32(io.jgrad.backend.UnaryOp.EXP, 0f, 0f, x, 0, out, 0, x.length));
    }

    @Test
    void tanhAndSigmoidDoNotChangeWithCompilation() {
        float[] x = new float[4096];
        SplittableRandom rnd = new SplittableRandom(6);
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-12, 12);
        assertSameBitsAsFirstCall(2 * x.length, out -> {
            UnaryKernels.f32(io.jgrad.backend.UnaryOp.TANH, 0f, 0f, x, 0, out, 0, x.length);
            UnaryKernels.f32(io.jgrad.backend.UnaryOp.SIGMOID, 0f, 0f, x, 0, out, x.length, x.length);
        });
    }

    @Test
    void batchNormMomentsDoNotChangeWithCompilation() {
        int n = 2, c = 3, rest = 45;
        float[] x = values(n * c * rest, 3);
        assertSameBitsAsFirstCall(2 * c, out -> ChannelKernels.moments(x, 0, n, c, rest, out));
    }
}
