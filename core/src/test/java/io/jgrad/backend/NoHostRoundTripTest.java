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
 * No default moves data through the host. The defaults run on primitives whose download fails the test, over every case
 * of the contract and every other fused op; their only uploads are constant tables computed from shapes: the same for
 * different data, and the same for a larger batch with more channels.
 */
class NoHostRoundTripTest extends FusedConvPoolChannelContract {
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
    private final Backend defaults = PrimitivesOnly.over(guard);

    @Override protected Backend backend() { return defaults; }

    /** The guard's storages are host storages: inputs go in without an upload. */
    @Override protected Storage toBackend(HostStorage host) { return host; }

    @Override protected HostStorage toHost(Storage storage) { return HostStorage.of(storage); }

    /** One run of a fused op on inputs of n images with c channels, drawn from {@code values}. */
    @FunctionalInterface
    private interface Run {
        void on(Backend b, int n, int c, ToDoubleFunction<SplittableRandom> values);
    }

    private static Storage input(Shape shape, DType t, ToDoubleFunction<SplittableRandom> values) {
        return view(Kind.CONTIGUOUS, shape, t, new SplittableRandom(shape.numel()), values).storage();
    }

    private static Storage indices(Shape out, int planeSize) {
        return input(out, DType.I64, r -> r.nextInt(planeSize));
    }

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
        List<HostStorage> first = uploads(run, 2, 3, FusedConvPoolChannelContract::uniform);
        assertEquals(uploadsSomething, !first.isEmpty(), what + ": uploads " + first.size() + " tables");
        assertSameTables(what + " with other data", first, uploads(run, 2, 3, special));
        assertSameTables(what + " with more images and channels", first, uploads(run, 5, 7, FusedConvPoolChannelContract::uniform));
    }

    private static void assertSameTables(String what, List<HostStorage> expected, List<HostStorage> actual) {
        assertEquals(expected.size(), actual.size(), what + ": number of uploads");
        for (int i = 0; i < expected.size(); i++) {
            HostStorage e = expected.get(i), a = actual.get(i);
            assertEquals(e.dtype(), a.dtype(), what + ": upload " + i);
            assertEquals(e.length(), a.length(), what + ": upload " + i);
            for (int k = 0; k < e.length(); k++) assertEquals(e.getDouble(k), a.getDouble(k), what + ": upload " + i + " element " + k);
        }
    }

    @Test
    void uploadsAreConstantTablesOfTheShapes() {
        DType t = DType.F32;
        Pool2dParams max = new Pool2dParams(3, 2, 2, 1, 1, 1, 1, 2, true, true);
        Pool2dParams avg = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true, false);
        Pool2dParams avgIncludingPad = new Pool2dParams(3, 2, 2, 2, 1, 1, 1, 1, true, true);
        int h = 7, w = 6;
        assertShapeTablesOnly("max_pool2d", (b, n, c, v) -> b.maxPool2d(input(Shape.of(n, c, h, w), t, v),
                Layout.contiguous(Shape.of(n, c, h, w)), max), true);
        Shape maxOut = Shape.of(1, 1, max.outH(h), max.outW(w));
        assertShapeTablesOnly("max_pool2d backward", (b, n, c, v) -> {
            Shape out = Shape.of(n, c, maxOut.dim(2), maxOut.dim(3));
            b.maxPool2dBackward(input(out, t, v), Layout.contiguous(out), indices(out, h * w), Layout.contiguous(out), Shape.of(n, c, h, w));
        }, false);
        for (Pool2dParams p : new Pool2dParams[] {avg, avgIncludingPad}) {
            assertShapeTablesOnly("avg_pool2d " + p, (b, n, c, v) -> b.avgPool2d(input(Shape.of(n, c, h, w), t, v),
                    Layout.contiguous(Shape.of(n, c, h, w)), p), false);
            assertShapeTablesOnly("avg_pool2d backward " + p, (b, n, c, v) -> {
                Shape out = Shape.of(n, c, p.outH(h), p.outW(w));
                b.avgPool2dBackward(input(out, t, v), Layout.contiguous(out), Shape.of(n, c, h, w), p);
            }, false);
        }
        assertShapeTablesOnly("adaptive_avg_pool2d", (b, n, c, v) -> b.adaptiveAvgPool2d(input(Shape.of(n, c, h, w), t, v),
                Layout.contiguous(Shape.of(n, c, h, w)), 3, 4), true);
        assertShapeTablesOnly("adaptive_avg_pool2d backward", (b, n, c, v) -> b.adaptiveAvgPool2dBackward(
                input(Shape.of(n, c, 3, 4), t, v), Layout.contiguous(Shape.of(n, c, 3, 4)), Shape.of(n, c, h, w)), true);
    }

    @Test
    void convolutionAndChannelOpsUploadNothing() {
        DType t = DType.F64;
        Conv2dParams p = new Conv2dParams(2, 1, 1, 2, 1, 2, 1);
        Shape weight = Shape.of(4, 3, 3, 2);
        Run conv = (b, n, c, v) -> {
            // The channel count is the weight's: c only varies the data here.
            Shape x = Shape.of(n, 3, 6, 7), y = Shape.of(n, 4, p.outH(6, 3), p.outW(7, 2));
            b.conv2d(input(x, t, v), Layout.contiguous(x), input(weight, t, v), Layout.contiguous(weight), p);
            b.conv2dBackwardInput(input(y, t, v), Layout.contiguous(y), input(weight, t, v), Layout.contiguous(weight), x, p);
            b.conv2dBackwardWeight(input(y, t, v), Layout.contiguous(y), input(x, t, v), Layout.contiguous(x), weight, p);
        };
        assertShapeTablesOnly("convolution", conv, false);
        Run channels = (b, n, c, v) -> {
            Shape x = Shape.of(n, c, 3, 2);
            Layout full = Layout.contiguous(x), vector = Layout.contiguous(Shape.of(c));
            b.channelMoments(input(x, t, v), full);
            b.channelGradSums(input(x, t, v), full, input(x, t, v), full, input(Shape.of(c), t, v), vector);
            Storage perChannel = input(Shape.of(c), t, v);
            b.channelAffine(input(x, t, v), full, perChannel, vector, input(x, t, v), full, perChannel, vector, perChannel, vector);
        };
        assertShapeTablesOnly("channel ops", channels, false);
    }

    /** The other defaults of the SPI: softmax, linear, linearRelu, adamUpdate, reluBackward, binaryInPlace. */
    @Test
    void otherDefaultsNeitherDownloadNorUpload() {
        DType t = DType.F32;
        ToDoubleFunction<SplittableRandom> v = FusedConvPoolChannelContract::uniform;
        Shape m = Shape.of(4, 5), wShape = Shape.of(3, 5), out = Shape.of(4, 3);
        Layout ml = Layout.contiguous(m), wl = Layout.contiguous(wShape), bl = Layout.contiguous(Shape.of(3));
        guard.uploads.clear();
        defaults.softmax(input(m, t, v), ml, 1, false);
        defaults.softmax(input(m, t, v), ml.transpose(0, 1), 0, true);
        defaults.linear(input(m, t, v), ml, input(wShape, t, v), wl, input(Shape.of(3), t, v), bl);
        defaults.linearRelu(input(m, t, v), ml, input(wShape, t, v), wl, null, null);
        defaults.adamUpdate(new AdamStep(1e-3, 0.9, 0.999, 1e-8, 1), input(m, t, v), ml, input(m, t, v), ml,
                input(m, t, v), ml, input(m, t, r -> r.nextDouble()), ml);
        defaults.reluBackward(input(out, t, v), Layout.contiguous(out), input(out, t, v), Layout.contiguous(out));
        defaults.binaryInPlace(BinaryOp.ADD, input(m, t, v), ml, input(Shape.of(5), t, v), Layout.contiguous(Shape.of(5)).broadcastTo(m, "test"));
        assertTrue(guard.uploads.isEmpty(), "uploads: " + guard.uploads.size());
    }
}
