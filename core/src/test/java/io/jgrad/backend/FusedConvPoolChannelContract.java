package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fused convolution, pooling and batch-normalization channel ops of a backend against the reference backend's
 * plain loops, over the cases of the convolution, pooling and batch-norm tests: stride, padding, dilation, groups
 * (depthwise too), non-square kernels, conv1d and the transposed convolution through the same methods, ceil mode,
 * count_include_pad, empty batches; F32 and F64, contiguous and strided inputs. A subclass names the backend.
 */
abstract class FusedConvPoolChannelContract {
    private static final Backend REFERENCE = new ReferenceBackend();
    private static final DType[] FLOATS = {DType.F32, DType.F64};

    /** The backend under test. */
    protected abstract Backend backend();

    /** Host data placed on the backend under test. */
    protected Storage toBackend(HostStorage host) { return backend().upload(host); }

    /** A storage of the backend under test, read on the host. */
    protected HostStorage toHost(Storage storage) { return backend().download(storage); }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /** How a test input sits in its storage. */
    enum Kind {
        CONTIGUOUS,
        /** Stored with its axes in reverse order, viewed back through a permutation: no axis has a unit stride. */
        PERMUTED,
        /** Past an offset, with a gap after each leading index and step 2 along the last axis. */
        STRIDED
    }

    /** A host storage and a view of it. */
    record View(HostStorage storage, Layout layout) {}

    /** A view of {@code shape} of the given kind; every storage element (gaps too) is drawn from {@code values}. */
    static View view(Kind kind, Shape shape, DType dtype, SplittableRandom rnd, ToDoubleFunction<SplittableRandom> values) {
        int r = shape.rank();
        int[] d = shape.dims();
        Layout layout = switch (kind) {
            case CONTIGUOUS -> Layout.contiguous(shape);
            case PERMUTED -> {
                int[] reversed = new int[r], back = new int[r];
                for (int i = 0; i < r; i++) {
                    reversed[i] = d[r - 1 - i];
                    back[i] = r - 1 - i;
                }
                yield Layout.contiguous(Shape.of(reversed)).permute(back);
            }
            case STRIDED -> {
                int[] s = d.clone();
                s[0] += 1;
                s[r - 1] = 2 * d[r - 1] + 1;
                Layout l = Layout.contiguous(Shape.of(s));
                if (r > 1) l = l.narrow(0, 1, d[0], 1);
                yield l.narrow(r - 1, 1, d[r - 1], 2);
            }
        };
        int length = (int) Math.max(layout.requiredStorageLength(), shape.numel()) + 3;
        HostStorage storage = HostStorage.allocate(dtype, length);
        for (int i = 0; i < length; i++) storage.setDouble(i, values.applyAsDouble(rnd));
        return new View(storage, layout);
    }

    static double uniform(SplittableRandom r) { return 2 * r.nextDouble() - 1; }

    /** A view of values in [-1, 1). */
    private static View uniform(Kind kind, Shape shape, DType dtype, SplittableRandom rnd) {
        return view(kind, shape, dtype, rnd, FusedConvPoolChannelContract::uniform);
    }

    /** Copies of the inputs' storages on the backend under test. */
    private Storage[] onBackend(View... inputs) {
        Storage[] s = new Storage[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            HostStorage copy = HostStorage.allocate(inputs[i].storage().dtype(), inputs[i].storage().length());
            System.arraycopy(inputs[i].storage().array(), 0, copy.array(), 0, copy.length());
            s[i] = toBackend(copy);
        }
        return s;
    }

    // ---- comparisons --------------------------------------------------------------------------------------------

    /** An op on storages (the inputs' views are captured by the lambda). */
    @FunctionalInterface
    interface Call {
        Storage apply(Backend b, Storage[] inputs);
    }

    /** The op on the backend under test against the reference, within the dtype's tolerance. */
    private void check(String what, DType t, Call call, View... inputs) {
        Storage[] onReference = Arrays.stream(inputs).map(View::storage).toArray(Storage[]::new);
        HostStorage want = REFERENCE.download(call.apply(REFERENCE, onReference));
        assertClose(what, want, toHost(call.apply(backend(), onBackend(inputs))), t == DType.F64 ? 1e-10 : 1e-4);
    }

    private static void assertClose(String what, HostStorage expected, HostStorage actual, double tol) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean close = Double.isNaN(e) ? Double.isNaN(a) : e == a || Math.abs(e - a) <= tol + tol * Math.abs(e);
            if (!close) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    /** Equal element by element, sign of zero included (and exactly, for integers); any NaN matches any NaN. */
    private static void assertSameValues(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean same = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a) && expected.getLong(i) == actual.getLong(i);
            if (!same) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    // ---- convolution --------------------------------------------------------------------------------------------

    /** x [n, c, h, w], w [o, c/groups, kh, kw]. */
    record ConvCase(String name, int n, int c, int h, int w, int o, int kh, int kw, Conv2dParams p) {
        Shape input() { return Shape.of(n, c, h, w); }

        Shape weight() { return Shape.of(o, c / p.groups(), kh, kw); }

        Shape output() { return Shape.of(n, o, p.outH(h, kh), p.outW(w, kw)); }

        @Override public String toString() { return name; }
    }

    /** The cases of ConvGradientTest: 2 images of 4 channels, 4 filters (8 with 4 groups). */
    private static ConvCase conv(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dil, int groups) {
        String name = "conv2d " + h + "x" + w + " k" + kh + "x" + kw + " stride " + sh + "x" + sw + " pad " + ph + "x" + pw
                + " dil " + dil + " groups " + groups;
        return new ConvCase(name, 2, 4, h, w, groups == 4 ? 8 : 4, kh, kw, new Conv2dParams(sh, sw, ph, pw, dil, dil, groups));
    }

    /** conv1d: a convolution over a unit height. */
    private static ConvCase conv1d(int length, int k, int stride, int pad, int dil, int groups) {
        String name = "conv1d L" + length + " k" + k + " stride " + stride + " pad " + pad + " dil " + dil + " groups " + groups;
        return new ConvCase(name, 2, 4, 1, length, 4, 1, k, new Conv2dParams(1, stride, 0, pad, 1, dil, groups));
    }

    static Stream<ConvCase> convCases() {
        return Stream.of(
                conv(5, 6, 3, 3, 1, 1, 0, 0, 1, 1), conv(5, 6, 3, 3, 1, 1, 1, 1, 1, 1), conv(7, 5, 3, 3, 2, 2, 1, 1, 1, 1),
                conv(7, 7, 2, 3, 2, 1, 1, 0, 1, 1), conv(6, 7, 3, 3, 1, 2, 2, 2, 2, 1), conv(5, 5, 3, 3, 1, 1, 1, 1, 1, 2),
                conv(5, 6, 3, 3, 2, 2, 1, 1, 1, 4), conv(4, 9, 1, 1, 3, 2, 0, 0, 1, 1),
                new ConvCase("depthwise 3x3", 2, 6, 6, 5, 6, 3, 3, new Conv2dParams(1, 1, 1, 1, 1, 1, 6)),
                new ConvCase("empty batch", 0, 2, 5, 5, 3, 3, 3, Conv2dParams.of(1, 1)),
                conv1d(9, 3, 1, 1, 1, 1), conv1d(9, 3, 2, 0, 1, 1), conv1d(10, 3, 1, 2, 2, 1), conv1d(8, 2, 3, 1, 1, 2),
                conv1d(7, 5, 1, 0, 1, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void convolutionAndItsGradients(ConvCase c) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (DType t : FLOATS) {
            for (Kind kind : Kind.values()) {
                View x = uniform(kind, c.input(), t, rnd), w = uniform(kind, c.weight(), t, rnd);
                View g = uniform(kind, c.output(), t, rnd);
                String what = c + " " + t + " " + kind;
                check("forward " + what, t, (b, s) -> b.conv2d(s[0], x.layout(), s[1], w.layout(), c.p()), x, w);
                check("input gradient " + what, t,
                        (b, s) -> b.conv2dBackwardInput(s[0], g.layout(), s[1], w.layout(), c.input(), c.p()), g, w);
                check("weight gradient " + what, t,
                        (b, s) -> b.conv2dBackwardWeight(s[0], g.layout(), s[1], x.layout(), c.weight(), c.p()), g, x);
            }
        }
    }

    /** conv_transpose2d of x [2, 4, 3, 4] with w [4, 6/groups, k, k] to 6 channels (the cases of ConvGradientTest). */
    record TransposedCase(int k, int stride, int pad, int outPad, int dil, int groups) {
        Conv2dParams p() { return new Conv2dParams(stride, stride, pad, pad, dil, dil, groups); }

        Shape output() { return Shape.of(2, 6, size(3), size(4)); }

        private int size(int in) { return (in - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1; }

        @Override public String toString() {
            return "conv_transpose2d k" + k + " stride " + stride + " pad " + pad + " outpad " + outPad + " dil " + dil
                    + " groups " + groups;
        }
    }

    static Stream<TransposedCase> transposedCases() {
        return Stream.of(new TransposedCase(3, 1, 0, 0, 1, 1), new TransposedCase(3, 2, 1, 1, 1, 1),
                new TransposedCase(2, 2, 0, 0, 1, 1), new TransposedCase(3, 2, 1, 0, 1, 2), new TransposedCase(3, 1, 1, 1, 2, 1),
                new TransposedCase(2, 3, 1, 2, 2, 2));
    }

    /**
     * The transposed convolution's forward (an input gradient), input gradient (a convolution) and weight gradient (the
     * weight gradient of the convolution it transposes, whose output gradient x falls short of that convolution's
     * output when the output padding is at least the stride).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transposedCases")
    void transposedConvolution(TransposedCase c) {
        SplittableRandom rnd = new SplittableRandom(8);
        Conv2dParams p = c.p();
        Shape out = c.output(), weight = Shape.of(4, 6 / c.groups(), c.k(), c.k());
        for (DType t : FLOATS) {
            for (Kind kind : Kind.values()) {
                View x = uniform(kind, Shape.of(2, 4, 3, 4), t, rnd), w = uniform(kind, weight, t, rnd);
                View up = uniform(kind, out, t, rnd);
                String what = c + " " + t + " " + kind;
                check("forward " + what, t, (b, s) -> b.conv2dBackwardInput(s[0], x.layout(), s[1], w.layout(), out, p), x, w);
                check("input gradient " + what, t, (b, s) -> b.conv2d(s[0], up.layout(), s[1], w.layout(), p), up, w);
                check("weight gradient " + what, t,
                        (b, s) -> b.conv2dBackwardWeight(s[0], x.layout(), s[1], up.layout(), weight, p), x, up);
            }
        }
    }

    // ---- pooling ------------------------------------------------------------------------------------------------

    record PoolCase(String name, Shape input, Pool2dParams p) {
        Shape output() { return Shape.of(input.dim(0), input.dim(1), p.outH(input.dim(2)), p.outW(input.dim(3))); }

        @Override public String toString() { return name; }
    }

    private static PoolCase maxPool(int h, int w, int kh, int kw, int stride, int pad, int dil, boolean ceil) {
        String name = "max_pool2d " + h + "x" + w + " k" + kh + "x" + kw + " stride " + stride + " pad " + pad + " dil " + dil
                + (ceil ? " ceil" : "");
        return new PoolCase(name, Shape.of(2, 3, h, w), new Pool2dParams(kh, kw, stride, stride, pad, pad, dil, dil, ceil, true));
    }

    static Stream<PoolCase> maxPoolCases() {
        return Stream.of(maxPool(6, 6, 2, 2, 2, 0, 1, false), maxPool(5, 7, 3, 3, 2, 1, 1, false),
                maxPool(6, 6, 3, 3, 2, 0, 1, true), maxPool(5, 5, 2, 2, 2, 0, 1, true), maxPool(7, 6, 2, 2, 1, 1, 2, false),
                maxPool(7, 7, 3, 3, 3, 1, 2, true), maxPool(6, 7, 2, 3, 2, 1, 1, true),
                new PoolCase("max_pool2d empty batch", Shape.of(0, 3, 4, 4),
                        new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true)));
    }

    /** Values and indices exactly as the reference (the first maximum of each window); the gradient within tolerance. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("maxPoolCases")
    void maxPooling(PoolCase c) {
        SplittableRandom rnd = new SplittableRandom(9);
        for (DType t : FLOATS) {
            for (Kind kind : Kind.values()) {
                View x = uniform(kind, c.input(), t, rnd), g = uniform(kind, c.output(), t, rnd);
                String what = c + " " + t + " " + kind;
                View index = new View(maxPoolMatches(what, x, c.p()), Layout.contiguous(c.output()));
                check("max_pool2d gradient " + what, t,
                        (b, s) -> b.maxPool2dBackward(s[0], g.layout(), s[1], index.layout(), c.input()), g, index);
            }
        }
    }

    /** Asserts the backend's max pooling equals the reference's exactly; returns the indices. */
    private HostStorage maxPoolMatches(String what, View x, Pool2dParams p) {
        MaxPool2dResult want = REFERENCE.maxPool2d(x.storage(), x.layout(), p);
        MaxPool2dResult got = backend().maxPool2d(onBackend(x)[0], x.layout(), p);
        HostStorage indices = REFERENCE.download(want.indices());
        assertSameValues("max_pool2d values " + what, REFERENCE.download(want.output()), toHost(got.output()));
        assertSameValues("max_pool2d indices " + what, indices, toHost(got.indices()));
        return indices;
    }

    /**
     * Ties keep the first maximum (-0.0 and 0.0 included), a NaN wins over everything (the first NaN over later ones),
     * and a window whose maximum is -inf reports its first input element, even where padding (read as -inf) comes first.
     */
    @Test
    void maxPoolingTiesNaNAndMinusInfinity() {
        SplittableRandom rnd = new SplittableRandom(10);
        Pool2dParams[] params = {new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true),
                new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true, true), new Pool2dParams(3, 2, 1, 1, 1, 1, 2, 1, false, true)};
        ToDoubleFunction<SplittableRandom> fewValues = r -> switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1, 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> 0.0;
            default -> r.nextInt(3);
        };
        for (DType t : FLOATS) {
            for (Pool2dParams p : params) {
                for (Kind kind : Kind.values()) {
                    String what = t + " " + p + " " + kind;
                    maxPoolMatches("ties " + what, view(kind, Shape.of(2, 3, 6, 7), t, rnd, fewValues), p);
                    Shape small = Shape.of(1, 2, 5, 5);
                    maxPoolMatches("all -inf " + what, view(kind, small, t, rnd, r -> Double.NEGATIVE_INFINITY), p);
                    maxPoolMatches("all equal " + what, view(kind, small, t, rnd, r -> 1.5), p);
                }
            }
        }
    }

    /** The cases of ConvGradientTest, and a non-square kernel. */
    private static PoolCase avgPool(int h, int w, int kh, int kw, int stride, int pad, boolean ceil, boolean includePad) {
        String name = "avg_pool2d " + h + "x" + w + " k" + kh + "x" + kw + " stride " + stride + " pad " + pad
                + (ceil ? " ceil" : "") + (includePad ? " count_include_pad" : "");
        Pool2dParams p = new Pool2dParams(kh, kw, stride, stride, pad, pad, 1, 1, ceil, includePad);
        return new PoolCase(name, Shape.of(2, 3, h, w), p);
    }

    static Stream<PoolCase> avgPoolCases() {
        return Stream.of(avgPool(6, 6, 2, 2, 2, 0, false, true), avgPool(5, 5, 3, 3, 2, 1, false, true),
                avgPool(5, 5, 3, 3, 2, 1, false, false), avgPool(5, 5, 2, 2, 2, 0, true, true),
                avgPool(5, 6, 2, 2, 2, 1, true, false), avgPool(6, 5, 3, 3, 2, 1, true, true),
                avgPool(7, 4, 3, 3, 1, 1, false, false), avgPool(7, 6, 3, 2, 2, 1, true, false),
                new PoolCase("avg_pool2d empty batch", Shape.of(0, 3, 4, 4),
                        new Pool2dParams(2, 2, 2, 2, 1, 1, 1, 1, false, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("avgPoolCases")
    void averagePooling(PoolCase c) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (DType t : FLOATS) {
            for (Kind kind : Kind.values()) {
                View x = uniform(kind, c.input(), t, rnd), g = uniform(kind, c.output(), t, rnd);
                String what = c + " " + t + " " + kind;
                check("forward " + what, t, (b, s) -> b.avgPool2d(s[0], x.layout(), c.p()), x);
                check("gradient " + what, t, (b, s) -> b.avgPool2dBackward(s[0], g.layout(), c.input(), c.p()), g);
            }
        }
    }

    /** [n, h, w, outH, outW]: overlapping windows, global pooling, identity, upsampling, an empty batch. */
    static Stream<int[]> adaptiveCases() {
        return Stream.of(new int[] {2, 5, 7, 3, 2}, new int[] {2, 5, 5, 1, 1}, new int[] {2, 4, 6, 4, 6},
                new int[] {2, 3, 5, 5, 7}, new int[] {0, 4, 4, 2, 2});
    }

    @ParameterizedTest(name = "adaptive_avg_pool2d n, h, w, outH, outW = {0}")
    @MethodSource("adaptiveCases")
    void adaptiveAveragePooling(int[] c) {
        SplittableRandom rnd = new SplittableRandom(12);
        Shape in = Shape.of(c[0], 3, c[1], c[2]), out = Shape.of(c[0], 3, c[3], c[4]);
        for (DType t : FLOATS) {
            for (Kind kind : Kind.values()) {
                View x = uniform(kind, in, t, rnd), g = uniform(kind, out, t, rnd);
                String what = Arrays.toString(c) + " " + t + " " + kind;
                check("adaptive_avg_pool2d " + what, t, (b, s) -> b.adaptiveAvgPool2d(s[0], x.layout(), c[3], c[4]), x);
                check("adaptive_avg_pool2d gradient " + what, t,
                        (b, s) -> b.adaptiveAvgPool2dBackward(s[0], g.layout(), in), g);
            }
        }
    }

    // ---- batch normalization's channel ops ----------------------------------------------------------------------

    /** [N, C, ...]: rank 2, 3 and 4, a plane of one vector's length, an empty batch. */
    static Stream<Shape> channelShapes() {
        return Stream.of(Shape.of(5, 3), Shape.of(3, 5, 7), Shape.of(4, 3, 5, 6), Shape.of(2, 2, 4, 4),
                Shape.of(3, 4, 3, 2), Shape.of(0, 3, 2, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channelShapes")
    void batchNormChannelOps(Shape shape) {
        SplittableRandom rnd = new SplittableRandom(13);
        Shape perChannel = Shape.of(shape.dim(1));
        for (DType t : FLOATS) {
            for (Kind kind : Kind.values()) {
                // Activations with a large mean, which a one-pass variance would lose precision on.
                View x = view(kind, shape, t, rnd, r -> 40 + 4 * r.nextDouble());
                View center = view(kind, perChannel, t, rnd, r -> 40 + 4 * r.nextDouble());
                View g = uniform(kind, shape, t, rnd), scale = uniform(kind, perChannel, t, rnd);
                View vScale = uniform(kind, perChannel, t, rnd), shift = uniform(kind, perChannel, t, rnd);
                String what = shape + " " + t + " " + kind;
                check("channelMoments " + what, t, (b, s) -> b.channelMoments(s[0], x.layout()), x);
                check("channelGradSums " + what, t,
                        (b, s) -> b.channelGradSums(s[0], g.layout(), s[1], x.layout(), s[2], center.layout()), g, x, center);
                check("channelAffine " + what, t, (b, s) -> b.channelAffine(s[0], g.layout(), s[1], scale.layout(),
                        null, null, null, null, s[2], shift.layout()), g, scale, shift);
                check("channelAffine with two terms " + what, t, (b, s) -> b.channelAffine(s[0], g.layout(), s[1],
                        scale.layout(), s[2], x.layout(), s[3], vScale.layout(), s[4], shift.layout()),
                        g, scale, x, vScale, shift);
            }
        }
    }
}
