package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReduceOp;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The squared error's sum on cpu-simd does not depend on the thread count: an F32 sum has the bits of
 * {@code (x - y).square().sum()} on one thread ({@link ReduceKernels#rowF32} over the whole row), an F64 sum those of
 * its blocks added in order on one thread, also for sizes that the backend splits over its threads.
 */
class SquaredErrorSumTest {
    private final CpuBackend backend = new CpuBackend();
    private static final int[] SIZES = {1, 7, SquaredErrorKernels.F32_BLOCK - 1, SquaredErrorKernels.F32_BLOCK,
            3 * SquaredErrorKernels.F32_BLOCK + 5, 200_003};

    /** Values over six orders of magnitude, so that another summation order changes the last bits. */
    private static double value(SplittableRandom rnd) { return rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3); }

    @Test
    void anF32SumIsTheOneThreadComposedSum() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] x = new float[n], y = new float[n], squares = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) value(rnd);
                y[i] = (float) value(rnd);
                float d = x[i] - y[i];
                squares[i] = d * d;
            }
            float expected = (float) ReduceKernels.rowF32(ReduceOp.SUM, squares, 0, n);
            Layout layout = Layout.contiguous(Shape.of(n));
            float actual = ((HostStorage) backend.squaredErrorSum(HostStorage.wrap(x), layout, HostStorage.wrap(y), layout))
                    .floats()[0];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "n " + n + ": " + expected
                    + " expected, got " + actual);
        }
    }

    @Test
    void anF64SumIsItsBlocksAddedInOrderOnOneThread() {
        SplittableRandom rnd = new SplittableRandom(4);
        int block = SquaredErrorKernels.F64_BLOCK;
        for (int n : SIZES) {
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = value(rnd);
                y[i] = value(rnd);
            }
            double expected = 0;
            for (int start = 0; start < n; start += block) {
                expected += SquaredErrorKernels.blockSumF64(x, start, y, start, Math.min(block, n - start));
            }
            Layout layout = Layout.contiguous(Shape.of(n));
            double actual = ((HostStorage) backend.squaredErrorSum(HostStorage.wrap(x), layout, HostStorage.wrap(y), layout))
                    .doubles()[0];
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), "n " + n + ": "
                    + expected + " expected, got " + actual);
        }
    }
}
