package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The fill and strided-copy kernels of copy.cu against host loops. */
@GpuTest
class CopyKernelsGpuTest {
    private static CudaKernel kernel(String name) {
        return DeviceArrays.device().kernels().kernel("copy.cu", name);
    }

    private static KernelArgs args() {
        return new KernelArgs();
    }

    @Test
    void fillWritesEveryElementOfEachType() {
        CudaDevice device = DeviceArrays.device();
        int n = 100_003;
        DeviceBlock block = device.allocator().allocate(8L * n);
        try (KernelArgs args = args()) {
            kernel("fill_f32").launchLinear(n, args.clear().ptr(block.address()).i64(n).f32(2.5f));
            float[] floats = DeviceArrays.downloadFloats(block, n);
            float[] expectedFloats = new float[n];
            java.util.Arrays.fill(expectedFloats, 2.5f);
            assertArrayEquals(expectedFloats, floats);

            kernel("fill_f64").launchLinear(n, args.clear().ptr(block.address()).i64(n).f64(-0.125));
            double[] expectedDoubles = new double[n];
            java.util.Arrays.fill(expectedDoubles, -0.125);
            assertArrayEquals(expectedDoubles, DeviceArrays.downloadDoubles(block, n));

            kernel("fill_i64").launchLinear(n, args.clear().ptr(block.address()).i64(n).i64(1L << 40));
            long[] longs = new long[n];
            device.copier().download(block.address(), longs, 0, n);
            long[] expectedLongs = new long[n];
            java.util.Arrays.fill(expectedLongs, 1L << 40);
            assertArrayEquals(expectedLongs, longs);

            kernel("fill_i32").launchLinear(n, args.clear().ptr(block.address()).i64(n).i32(-9));
            int[] ints = new int[n];
            device.copier().download(block.address(), ints, 0, n);
            int[] expectedInts = new int[n];
            java.util.Arrays.fill(expectedInts, -9);
            assertArrayEquals(expectedInts, ints);

            kernel("fill_u8").launchLinear(17, args.clear().ptr(block.address()).i64(17).u8(1));
            byte[] bytes = new byte[18];
            device.copier().download(block.address(), bytes, 0, 18);
            byte[] expectedBytes = new byte[18];
            java.util.Arrays.fill(expectedBytes, 0, 17, (byte) 1);
            expectedBytes[17] = (byte) 0xFF; // byte 1 of the int -9 (0xFFFFFFF7, little-endian) written before
            assertArrayEquals(expectedBytes, bytes);
        }
        device.allocator().free(block);
    }

    /** The storage offset of row-major position {@code linear} in a view, as jg_offset computes it. */
    private static int offset(int start, int[] shape, int[] strides, int linear) {
        int at = start;
        for (int d = shape.length - 1; d >= 0; d--) {
            at += (linear % shape[d]) * strides[d];
            linear /= shape[d];
        }
        return at;
    }

    private static float[] hostCopy(float[] src, int srcStart, int[] shape, int[] srcStrides, float[] dst, int dstStart,
                                    int[] dstStrides) {
        float[] out = dst.clone();
        int n = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        for (int i = 0; i < n; i++) out[offset(dstStart, shape, dstStrides, i)] = src[offset(srcStart, shape, srcStrides, i)];
        return out;
    }

    private static void checkCopy(float[] src, int srcStart, int[] shape, int[] srcStrides, int dstLength, int dstStart,
                                  int[] dstStrides) {
        float[] dst = new float[dstLength];
        java.util.Arrays.fill(dst, -1);
        DeviceBlock from = DeviceArrays.upload(src);
        DeviceBlock to = DeviceArrays.upload(dst);
        int n = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        try (KernelArgs args = args()) {
            kernel("copy_strided_f32").launchLinear(n, args.ptr(from.address()).layout(srcStart, shape, srcStrides)
                    .ptr(to.address()).layout(dstStart, shape, dstStrides).i64(n));
        }
        assertArrayEquals(hostCopy(src, srcStart, shape, srcStrides, dst, dstStart, dstStrides),
                DeviceArrays.downloadFloats(to, dstLength), java.util.Arrays.toString(shape));
        DeviceArrays.free(from, to);
    }

    private static float[] iota(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return x;
    }

    @Test
    void copiesAPermutedViewIntoAContiguousOne() {
        // src is a contiguous 2x3x4; the view permutes it to 4x2x3.
        checkCopy(iota(24), 0, new int[] {4, 2, 3}, new int[] {1, 12, 4}, 24, 0, new int[] {6, 3, 1});
    }

    @Test
    void copiesIntoAStridedOffsetDestination() {
        // Every other column of a 5x8 buffer, starting at element 1.
        checkCopy(iota(20), 0, new int[] {5, 4}, new int[] {4, 1}, 40, 1, new int[] {8, 2});
    }

    @Test
    void copiesABroadcastAndAScalarView() {
        checkCopy(iota(10), 2, new int[] {3, 4}, new int[] {0, 1}, 12, 0, new int[] {4, 1});
        checkCopy(iota(10), 7, new int[] {}, new int[] {}, 3, 2, new int[] {});
    }

    @Test
    void copiesARank8ViewAndLargeCounts() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2};
        int[] reversed = new int[8];
        for (int d = 0; d < 8; d++) reversed[d] = 1 << d; // the transpose of a contiguous 2^8
        int[] contiguous = new int[8];
        for (int d = 0; d < 8; d++) contiguous[d] = 1 << (7 - d);
        checkCopy(iota(256), 0, shape, reversed, 256, 0, contiguous);
        // More elements than one grid covers (the grid-stride loop runs several rounds).
        int rows = 3000, cols = 1000;
        checkCopy(iota(rows * cols), 0, new int[] {cols, rows}, new int[] {1, cols}, rows * cols, 0, new int[] {rows, 1});
    }
}
