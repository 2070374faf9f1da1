package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the SPI's default fused ops exchange with the host. They never download (here on primitives whose download fails
 * the test; the backend test kit on OpaqueStorageBackend checks the same over all its cases), and their only uploads
 * are constant tables computed from shapes: the same for different data, and the same for a larger batch with more
 * channels.
 */
class SpiDefaultsHostTrafficTest {
    /** The reference's primitives, except that a download fails and every upload is recorded. */
    private static final class HostGuard extends ReferenceBackend {
        final List<HostStorage> uploads = new ArrayList<>();

        @Override
        public HostStorage download(Storage storage) {
            throw new AssertionError("a default read " + storage.length() + " elements back to the host");
        }

        @Override
        public Storage upload(HostStorage host) {
            HostStorage copy = HostStorage.allocate(host.dtype(), host.length());
            System.arraycopy(host.array(), 0, copy.array(), 0, host.length());
            uploads.add(copy);
            return host;
        }
    }

    private final HostGuard guard = new HostGuard();
    private final Backend defaults = BackendSpiTest.primitivesOnly(guard);

    /** One run of fused ops on inputs of n images with c channels, drawn from {@code values}. */
    @FunctionalInterface
    private interface Run {
        void on(Backend b, int n, int c, ToDoubleFunction<SplittableRandom> values);
    }

    /** A fresh contiguous input of the shape (the guard's storages are host storages: no upload needed). */
    private static Storage input(Shape shape, DType t, ToDoubleFunction<SplittableRandom> values) {
        SplittableRandom rnd = new SplittableRandom(shape.numel());
        HostStorage s = HostStorage.allocate(t, shape.numel());
        for (int i = 0; i < s.length(); i++) s.setDouble(i, values.applyAsDouble(rnd));
        return s;
    }

    private static double uniform(SplittableRandom r) { return 2 * r.nextDouble() - 1; }

    private List<HostStorage> uploads(Run run, int n, int c, ToDoubleFunction<SplittableRandom> values) {
        guard.uploads.clear();
        run.on(defaults, n, c, values);
        return List.copyOf(guard.uploads);
    }

    private void assertShapeTablesOnly(String what, Run run, boolean uploadsSomething) {
        ToDoubleFunction<SplittableRandom> special = r -> switch (r.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> Double.NEGATIVE_INFINITY;
            default -> 1e6 * r.nextGaussian();
        };
        List<HostStorage> first = uploads(run, 2, 3, SpiDefaultsHostTrafficTest::uniform);
        assertEquals(uploadsSomething, !first.isEmpty(), what + ": uploads " + first.size() + " tables");
        assertSameTables(what + " with other data", first, uploads(run, 2, 3, special));
        List<HostStorage> larger = uploads(run, 5, 7, SpiDefaultsHostTrafficTest::uniform);
        assertSameTables(what + " with more images and channels", first, larger);
    }

    private static void assertSameTables(String what, List<HostStorage> expected, List<HostStorage> actual) {
        assertEquals(expected.size(), actual.size(), what + ": number of uploads");
        for (int i = 0; i < expected.size(); i++) {
            HostStorage e = expected.get(i), a = actual.get(i);
            String table = what + ": upload " + i;
            assertEquals(e.dtype(), a.dtype(), table);
            assertEquals(e.length(), a.length(), table);
            for (int k = 0; k < e.length(); k++) assertEquals(e.getDouble(k), a.getDouble(k), table + " element " + k);
        }
    }

    @Test
    void poolingUploadsOnlyConstantTablesOfTheShapes() {
        DType t = DType.F32;
        int h = 7, w = 6;
        Pool2dParams max = new Pool2dParams(3, 2, 2, 1, 1, 1, 1, 2, true, true);
        assertShapeTablesOnly("max_pool2d", (b, n, c, v) -> {
            Shape x = Shape.of(n, c, h, w);
            b.maxPool2d(input(x, t, v), Layout.contiguous(x), max);
        }, true);
        assertShapeTablesOnly("max_pool2d backward", (b, n, c, v) -> {
            Shape x = Shape.of(n, c, h, w), out = Shape.of(n, c, max.outH(h), max.outW(w));
            Storage indices = input(out, DType.I64, r -> r.nextInt(h * w));
            b.maxPool2dBackward(input(out, t, v), Layout.contiguous(out), indices, Layout.contiguous(out), x);
        }, false);
        for (boolean includePad : new boolean[] {false, true}) {
            Pool2dParams avg = new Pool2dParams(3, 2, 2, 2, 1, 1, 1, 1, true, includePad);
            assertShapeTablesOnly("avg_pool2d " + avg, (b, n, c, v) -> {
                Shape x = Shape.of(n, c, h, w), out = Shape.of(n, c, avg.outH(h), avg.outW(w));
                b.avgPool2d(input(x, t, v), Layout.contiguous(x), avg);
                b.avgPool2dBackward(input(out, t, v), Layout.contiguous(out), x, avg);
            }, false);
        }
        assertShapeTablesOnly("adaptive_avg_pool2d", (b, n, c, v) -> {
            Shape x = Shape.of(n, c, h, w), out = Shape.of(n, c, 3, 4);
            b.adaptiveAvgPool2d(input(x, t, v), Layout.contiguous(x), 3, 4);
            b.adaptiveAvgPool2dBackward(input(out, t, v), Layout.contiguous(out), x);
        }, true);
    }

    @Test
    void convolutionAndChannelOpsUploadNothing() {
        DType t = DType.F64;
        Conv2dParams p = new Conv2dParams(2, 1, 1, 2, 1, 2, 1);
        Shape weight = Shape.of(4, 3, 3, 2);
        Layout wl = Layout.contiguous(weight);
        assertShapeTablesOnly("convolution", (b, n, c, v) -> {
            // The weight fixes the channels: c only varies the data here.
            Shape x = Shape.of(n, 3, 6, 7), y = Shape.of(n, 4, p.outH(6, 3), p.outW(7, 2));
            Layout xl = Layout.contiguous(x), yl = Layout.contiguous(y);
            b.conv2d(input(x, t, v), xl, input(weight, t, v), wl, p);
            b.conv2dBackwardInput(input(y, t, v), yl, input(weight, t, v), wl, x, p);
            b.conv2dBackwardWeight(input(y, t, v), yl, input(x, t, v), xl, weight, p);
        }, false);
        assertShapeTablesOnly("channel ops", (b, n, c, v) -> {
            Shape x = Shape.of(n, c, 3, 2);
            Layout xl = Layout.contiguous(x), cl = Layout.contiguous(Shape.of(c));
            Storage perChannel = input(Shape.of(c), t, v);
            b.channelMoments(input(x, t, v), xl);
            b.channelGradSums(input(x, t, v), xl, input(x, t, v), xl, perChannel, cl);
            b.channelAffine(input(x, t, v), xl, perChannel, cl, input(x, t, v), xl, perChannel, cl, perChannel, cl);
        }, false);
    }

    /**
     * The other defaults of the SPI: softmax, linear, linearRelu, adamUpdate, reluBackward (out of place and in place),
     * geluBackward, the squared error's three ops, binaryInPlace.
     */
    @Test
    void otherDefaultsNeitherDownloadNorUpload() {
        DType t = DType.F32;
        ToDoubleFunction<SplittableRandom> v = SpiDefaultsHostTrafficTest::uniform;
        Shape m = Shape.of(4, 5), wShape = Shape.of(3, 5), row = Shape.of(5);
        Layout ml = Layout.contiguous(m), wl = Layout.contiguous(wShape), bl = Layout.contiguous(Shape.of(3));
        guard.uploads.clear();
        defaults.softmax(input(m, t, v), ml, 1, false);
        defaults.softmax(input(m, t, v), ml.transpose(0, 1), 0, true);
        defaults.linear(input(m, t, v), ml, input(wShape, t, v), wl, input(Shape.of(3), t, v), bl);
        defaults.linearRelu(input(m, t, v), ml, input(wShape, t, v), wl, null, null);
        defaults.adamUpdate(new AdamStep(1e-3, 0.9, 0.999, 1e-8, 1), input(m, t, v), ml, input(m, t, v), ml,
                input(m, t, v), ml, input(m, t, r -> r.nextDouble()), ml);
        defaults.reluBackward(input(m, t, v), ml, input(m, t, v), ml);
        defaults.reluBackwardInPlace(input(m, t, v), ml, input(m, t, v), ml);
        defaults.geluBackward(input(m, t, v), ml, input(m, t, v), ml, false);
        defaults.geluBackward(input(m, t, v), ml, input(m, t, v), ml, true);
        defaults.squaredError(input(m, t, v), ml, input(m, t, v), ml);
        defaults.squaredErrorSum(input(m, t, v), ml, input(m, t, v), ml);
        Layout oneEverywhere = Layout.contiguous(Shape.scalar()).broadcastTo(m, "test");
        defaults.squaredErrorBackward(input(Shape.scalar(), t, v), oneEverywhere, input(m, t, v), ml, input(m, t, v), ml);
        Layout rowEverywhere = Layout.contiguous(row).broadcastTo(m, "test");
        defaults.binaryInPlace(BinaryOp.ADD, input(m, t, v), ml, input(row, t, v), rowEverywhere);
        assertTrue(guard.uploads.isEmpty(), "uploads: " + guard.uploads.size());
    }
}
