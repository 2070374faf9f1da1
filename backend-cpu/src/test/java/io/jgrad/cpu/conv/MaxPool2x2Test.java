package io.jgrad.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vectorized 2x2 stride-2 max pooling against the reference backend, bit for bit: inputs drawn from a few values
 * so that windows tie (first maximum wins), mix -0.0 with 0.0 (the output keeps the winner's sign) and hold NaN (the
 * first NaN wins); widths and heights odd and even, below, at and around the vector lengths, so every tail runs;
 * and plane counts large enough to split over the threads.
 */
class MaxPool2x2Test {
    private static final ReferenceBackend REF = new ReferenceBackend();
    private static final Pool2dParams P = new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true);
    private static final float[] VALUES = {-1f, -0f, 0f, 0.5f, 1f, 1f, -0f, 0f};

    @ParameterizedTest(name = "{0} planes of {1}x{2}, NaN one in {3}")
    @CsvSource({
            "3, 1, 1, 0", "3, 2, 2, 0", "2, 3, 3, 0", "2, 2, 5, 0", "2, 5, 2, 0", "3, 4, 14, 0", "3, 14, 14, 0",
            "3, 28, 28, 0", "2, 7, 15, 0", "2, 6, 16, 0", "2, 9, 17, 0", "2, 4, 31, 0", "2, 5, 32, 0", "2, 3, 33, 0",
            "2, 4, 34, 0", "2, 6, 63, 0", "1, 3, 66, 0", "3, 14, 14, 7", "2, 28, 28, 13", "2, 9, 33, 3", "2, 4, 34, 1",
            "64, 28, 28, 0", "64, 14, 14, 50",
            // Enough work for the threads: runs of planes end mid-array, so each run's last tail block is scalar.
            "512, 28, 28, 0", "1400, 14, 14, 9", "700, 13, 29, 0",
    })
    void matchesReferenceExactly(int planes, int h, int w, int nanEvery) {
        SplittableRandom rnd = new SplittableRandom(planes * 1000 + h * 37 + w);
        // A leading pad element so the kernel runs at a non-zero offset into its array.
        int pad = 3, n = planes * h * w;
        float[] data = new float[pad + n];
        for (int i = 0; i < n; i++) {
            data[pad + i] = nanEvery > 0 && rnd.nextInt(nanEvery) == 0 ? Float.NaN : VALUES[rnd.nextInt(VALUES.length)];
        }
        Shape shape = Shape.of(1, planes, h, w);
        Layout xl = new Layout(shape, Layout.contiguous(shape).strides(), pad);
        Storage x = HostStorage.wrap(data);

        MaxPool2dResult expected = REF.maxPool2d(x, xl, P), actual = CpuConvOps.maxPool2d(REF, x, xl, P);
        long[] ei = HostStorage.of(expected.indices()).longs(), ai = HostStorage.of(actual.indices()).longs();
        assertArrayEquals(ei, ai, "indices");
        float[] e = HostStorage.of(expected.output()).floats(), a = HostStorage.of(actual.output()).floats();
        assertEquals(e.length, a.length, "output length");
        for (int i = 0; i < e.length; i++) {
            boolean same = Float.isNaN(e[i]) ? Float.isNaN(a[i]) : Float.floatToRawIntBits(e[i]) == Float.floatToRawIntBits(a[i]);
            if (!same) fail("output " + i + ": expected " + e[i] + " but was " + a[i]);
            if (!Float.isNaN(a[i]) && Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(data[pad + planeBase(i, h, w) + (int) ai[i]])) {
                fail("output " + i + " is not the input at its index " + ai[i]);
            }
        }

        Layout gl = Layout.contiguous(Shape.of(1, planes, P.outH(h), P.outW(w)));
        float[] g = new float[gl.numel()];
        for (int i = 0; i < g.length; i++) g[i] = (float) rnd.nextDouble(-1, 1);
        Storage gy = HostStorage.wrap(g);
        assertArrayEquals(HostStorage.of(REF.maxPool2dBackward(gy, gl, expected.indices(), gl, shape)).floats(),
                HostStorage.of(CpuConvOps.maxPool2dBackward(REF, gy, gl, actual.indices(), gl, shape)).floats(), "input gradient");
    }

    /** The first input element of output {@code i}'s plane. */
    private static int planeBase(int i, int h, int w) { return i / (P.outH(h) * P.outW(w)) * h * w; }
}
