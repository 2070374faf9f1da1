package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolution (forward and both gradients) and max, average and adaptive average pooling (forward and gradient)
 * through the SPI on the backend under test against the reference backend, in F32 and F64, on contiguous and strided
 * inputs, with the cases of the gradient checks (stride, padding, dilation, groups, conv1d as a unit height, the
 * transposed convolution, ceil mode, count_include_pad, non-square windows, empty batches). Each backend computes its
 * own max-pooling indices and routes the gradient with them; ties, NaN and -inf must pick the reference's element.
 */
public abstract class ConvPoolContract extends KitSuite {
    private static final DType[] FLOATS = {DType.F32, DType.F64};
    /** Input layouts: row-major, the last two axes swapped in storage, sliced with an offset and a step. */
    private static final Kind[] INPUT_KINDS = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED};

    protected ConvPoolContract(BackendTestKit kit) { super(kit); }

    private static View random(Shape shape, DType dtype, SplittableRandom rnd) {
        return Views.make(Kind.CONTIGUOUS, shape, dtype, rnd, r -> Views.uniform(r, -1, 1));
    }

    @ParameterizedTest(name = "n{0} c{1} {2}x{3} -> o{4} k{5}x{6} stride {7} pad {8} dil {9} groups {10}")
    @CsvSource({
            "2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1",
            "2, 3, 7, 6, 4, 2, 3, 2, 0, 1, 1",
            "1, 2, 8, 9, 3, 3, 3, 1, 2, 2, 1",
            "3, 4, 6, 5, 6, 3, 3, 2, 1, 1, 2",
            "2, 4, 7, 8, 8, 3, 3, 2, 1, 2, 4",
            "2, 6, 5, 5, 4, 1, 1, 2, 0, 1, 2",
            "1, 3, 5, 5, 2, 5, 5, 3, 2, 1, 1",
            // Padding past dilation * (k - 1), a 1x3 kernel, output channels over several panels.
            "2, 3, 5, 5, 4, 3, 3, 1, 3, 1, 1",
            "3, 5, 4, 11, 7, 1, 3, 1, 1, 1, 1",
            "2, 5, 9, 7, 45, 3, 3, 1, 1, 1, 1",
            // Patches shorter than the filter count, and a batch large enough for a backend's parallel paths.
            "3, 1, 12, 12, 16, 3, 3, 1, 1, 1, 1",
            "2, 16, 10, 10, 32, 3, 3, 1, 1, 1, 1",
    })
    void conv2dAndItsGradients(int n, int c, int h, int w, int o, int kh, int kw,
                               int stride, int pad, int dil, int groups) {
        Conv2dParams p = new Conv2dParams(stride, stride, pad, pad, dil, dil, groups);
        Shape xShape = Shape.of(n, c, h, w), wShape = Shape.of(o, c / groups, kh, kw);
        Shape yShape = Shape.of(n, o, p.outH(h, kh), p.outW(w, kw));
        SplittableRandom rnd = new SplittableRandom(41);
        for (DType t : FLOATS) {
            for (Kind kind : INPUT_KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View wt = random(wShape, t, rnd);
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String what = t + " " + kind;
                assertSameOnBoth("conv2d " + what, r -> r.conv2d(x.on(r), x.layout(), wt.on(r), wt.layout(), p));
                assertSameOnBoth("conv2d input gradient " + what,
                        r -> r.conv2dBackwardInput(gy.on(r), gy.layout(), wt.on(r), wt.layout(), xShape, p));
                assertSameOnBoth("conv2d weight gradient " + what,
                        r -> r.conv2dBackwardWeight(gy.on(r), gy.layout(), x.on(r), x.layout(), wShape, p));
            }
        }
    }

    /** Different strides and padding per axis; x a permutation of its storage; w at an offset into its storage. */
    @Test
    void conv2dOfPermutedAndOffsetViews() {
        Conv2dParams p = new Conv2dParams(1, 2, 1, 0, 1, 1, 1);
        SplittableRandom rnd = new SplittableRandom(42);
        Shape base = Shape.of(2, 6, 5, 3), wShape = Shape.of(4, 3, 3, 2);
        for (DType t : FLOATS) {
            View x = new View(random(base, t, rnd).storage(), Layout.contiguous(base).permute(0, 3, 2, 1));
            View wt = new View(random(Shape.of(7 + wShape.numel()), t, rnd).storage(),
                    new Layout(wShape, wShape.contiguousStrides(), 7));
            assertSameOnBoth("conv2d " + t, r -> r.conv2d(x.on(r), x.layout(), wt.on(r), wt.layout(), p));
        }
    }

    /** A transposed convolution with output padding past its stride hands the kernels a shorter gradient. */
    @Test
    void transposedConvolutionWithWideOutputPadding() {
        Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 2, 2, 1);
        SplittableRandom rnd = new SplittableRandom(43);
        Shape xShape = Shape.of(2, 3, 3, 4), wShape = Shape.of(3, 2, 3, 3);
        Shape outShape = Shape.of(2, 2, 6, 7); // (3-1) - 2 + 2*2 + 1 + 1 = 6 high; 7 wide
        for (DType t : FLOATS) {
            View x = random(xShape, t, rnd), wt = random(wShape, t, rnd), g = random(outShape, t, rnd);
            assertSameOnBoth("transposed forward " + t,
                    r -> r.conv2dBackwardInput(x.on(r), x.layout(), wt.on(r), wt.layout(), outShape, p));
            assertSameOnBoth("transposed weight gradient " + t,
                    r -> r.conv2dBackwardWeight(x.on(r), x.layout(), g.on(r), g.layout(), wShape, p));
        }
    }

    /** All three convolution ops of x [n, c, h, w] and w [o, c/groups, kh, kw]. */
    private void assertConvolutionSame(String what, Shape xShape, Shape wShape, Conv2dParams p, SplittableRandom rnd) {
        Shape yShape = Shape.of(xShape.dim(0), wShape.dim(0), p.outH(xShape.dim(2), wShape.dim(2)),
                p.outW(xShape.dim(3), wShape.dim(3)));
        for (DType t : FLOATS) {
            for (Kind kind : INPUT_KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View wt = Views.make(kind, wShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String at = what + " " + t + " " + kind;
                assertSameOnBoth(at, r -> r.conv2d(x.on(r), x.layout(), wt.on(r), wt.layout(), p));
                assertSameOnBoth(at + " input gradient",
                        r -> r.conv2dBackwardInput(gy.on(r), gy.layout(), wt.on(r), wt.layout(), xShape, p));
                assertSameOnBoth(at + " weight gradient",
                        r -> r.conv2dBackwardWeight(gy.on(r), gy.layout(), x.on(r), x.layout(), wShape, p));
            }
        }
    }

    /** conv1d is a convolution over a unit height (stride 1, padding 0, dilation 1 along it). */
    @ParameterizedTest(name = "conv1d L{0} k{1} stride {2} pad {3} dil {4} groups {5}")
    @CsvSource({"9, 3, 1, 1, 1, 1", "9, 3, 2, 0, 1, 1", "10, 3, 1, 2, 2, 1", "8, 2, 3, 1, 1, 2", "7, 5, 1, 0, 1, 4"})
    void conv1dAsAUnitHeightConvolution(int length, int k, int stride, int pad, int dil, int groups) {
        Conv2dParams p = new Conv2dParams(1, stride, 0, pad, 1, dil, groups);
        Shape xShape = Shape.of(2, 4, 1, length), wShape = Shape.of(4, 4 / groups, 1, k);
        assertConvolutionSame("conv1d", xShape, wShape, p, new SplittableRandom(46));
    }

    /** An empty batch: empty outputs and input gradients, a zero weight gradient (a sum over no images). */
    @Test
    void emptyBatch() {
        SplittableRandom rnd = new SplittableRandom(47);
        assertConvolutionSame("conv2d of no images", Shape.of(0, 2, 5, 5), Shape.of(3, 2, 3, 3), Conv2dParams.of(1, 1),
                rnd);
        Shape xShape = Shape.of(0, 3, 4, 4);
        Pool2dParams p = new Pool2dParams(2, 2, 2, 2, 1, 1, 1, 1, false, false);
        Shape yShape = Shape.of(0, 3, p.outH(4), p.outW(4));
        for (DType t : FLOATS) {
            View x = random(xShape, t, rnd), gy = random(yShape, t, rnd);
            assertMaxPoolSame("max pool of no images " + t, x, p);
            View indices = new View(REFERENCE.download(REFERENCE.maxPool2d(x.on(REFERENCE), x.layout(), p).indices()),
                    Layout.contiguous(yShape));
            assertSameOnBoth("max pool gradient of no images " + t,
                    r -> r.maxPool2dBackward(gy.on(r), gy.layout(), indices.on(r), indices.layout(), xShape));
            assertSameOnBoth("avg pool of no images " + t, r -> r.avgPool2d(x.on(r), x.layout(), p));
            assertSameOnBoth("avg pool gradient of no images " + t,
                    r -> r.avgPool2dBackward(gy.on(r), gy.layout(), xShape, p));
            assertSameOnBoth("adaptive avg pool of no images " + t,
                    r -> r.adaptiveAvgPool2d(x.on(r), x.layout(), 2, 3));
            View g = random(Shape.of(0, 3, 2, 3), t, rnd);
            assertSameOnBoth("adaptive avg pool gradient of no images " + t,
                    r -> r.adaptiveAvgPool2dBackward(g.on(r), g.layout(), xShape));
        }
    }

    /**
     * conv_transpose2d of x [2, 4, 3, 4] with w [4, 6/groups, k, k]: the forward (an input gradient), its input
     * gradient (a convolution) and its weight gradient (the convolution's weight gradient, given x as the output
     * gradient: short of that convolution's output when the output padding is at least the stride).
     */
    @ParameterizedTest(name = "conv_transpose2d k{0} stride {1} pad {2} outpad {3} dil {4} groups {5}")
    @CsvSource({"3, 1, 0, 0, 1, 1", "3, 2, 1, 1, 1, 1", "2, 2, 0, 0, 1, 1", "3, 2, 1, 0, 1, 2", "3, 1, 1, 1, 2, 1",
            "2, 3, 1, 2, 2, 2"})
    void transposedConvolution(int k, int stride, int pad, int outPad, int dil, int groups) {
        Conv2dParams p = new Conv2dParams(stride, stride, pad, pad, dil, dil, groups);
        int h = 3, w = 4, span = dil * (k - 1) + outPad + 1 - 2 * pad;
        Shape xShape = Shape.of(2, 4, h, w), wShape = Shape.of(4, 6 / groups, k, k);
        Shape outShape = Shape.of(2, 6, (h - 1) * stride + span, (w - 1) * stride + span);
        SplittableRandom rnd = new SplittableRandom(48);
        for (DType t : FLOATS) {
            for (Kind kind : INPUT_KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View wt = Views.make(kind, wShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View g = Views.make(kind, outShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String what = t + " " + kind;
                assertSameOnBoth("transposed forward " + what,
                        r -> r.conv2dBackwardInput(x.on(r), x.layout(), wt.on(r), wt.layout(), outShape, p));
                assertSameOnBoth("transposed input gradient " + what,
                        r -> r.conv2d(g.on(r), g.layout(), wt.on(r), wt.layout(), p));
                assertSameOnBoth("transposed weight gradient " + what,
                        r -> r.conv2dBackwardWeight(x.on(r), x.layout(), g.on(r), g.layout(), wShape, p));
            }
        }
    }

    @ParameterizedTest(name = "pool {0}x{1} k{2} stride {3} pad {4} dil {5} ceil {6} include_pad {7}")
    @CsvSource({
            "6, 6, 2, 2, 0, 1, false, true",
            "5, 7, 3, 2, 1, 1, false, true",
            "5, 7, 3, 2, 1, 1, false, false",
            "6, 6, 3, 2, 0, 1, true, true",
            "5, 5, 2, 2, 0, 1, true, false",
            "6, 5, 3, 2, 1, 1, true, true",
            "9, 8, 3, 1, 1, 2, false, true",
            "32, 32, 2, 2, 0, 1, false, true",
    })
    void poolingAndItsGradients(int h, int w, int k, int stride, int pad, int dil, boolean ceil, boolean includePad) {
        Pool2dParams p = new Pool2dParams(k, k, stride, stride, pad, pad, dil, dil, ceil, includePad);
        assertPoolingSame(Shape.of(3, 16, h, w), p, new SplittableRandom(44));
    }

    /** Windows of different height and width, with strides, padding and dilation that differ per axis. */
    @ParameterizedTest(name = "pool {0}x{1} k{2}x{3} stride {4}x{5} pad {6}x{7} dil {8}x{9} ceil {10} include_pad {11}")
    @CsvSource({
            "7, 6, 3, 2, 2, 2, 1, 1, 1, 1, true, false",
            "6, 7, 2, 3, 2, 1, 1, 1, 1, 1, false, true",
            "8, 7, 3, 2, 1, 2, 1, 0, 2, 1, true, true",
    })
    void poolingOverNonSquareWindows(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                                     boolean ceil, boolean includePad) {
        Pool2dParams p = new Pool2dParams(kh, kw, sh, sw, ph, pw, dh, dw, ceil, includePad);
        assertPoolingSame(Shape.of(2, 3, h, w), p, new SplittableRandom(49));
    }

    /** Max pooling and its gradient, and average pooling and its gradient where the dilation is 1. */
    private void assertPoolingSame(Shape xShape, Pool2dParams p, SplittableRandom rnd) {
        Shape yShape = Shape.of(xShape.dim(0), xShape.dim(1), p.outH(xShape.dim(2)), p.outW(xShape.dim(3)));
        Layout yLayout = Layout.contiguous(yShape);
        for (DType t : FLOATS) {
            for (Kind kind : INPUT_KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String what = t + " " + kind;
                assertMaxPoolSame("max pool " + what, x, p);
                assertSameOnBoth("max pool gradient " + what, r -> r.maxPool2dBackward(gy.on(r), gy.layout(),
                        r.maxPool2d(x.on(r), x.layout(), p).indices(), yLayout, xShape));
                if (p.dilationH() == 1 && p.dilationW() == 1) {
                    assertSameOnBoth("avg pool " + what, r -> r.avgPool2d(x.on(r), x.layout(), p));
                    assertSameOnBoth("avg pool gradient " + what,
                            r -> r.avgPool2dBackward(gy.on(r), gy.layout(), xShape, p));
                }
            }
        }
    }

    /**
     * Max pooling picks the reference's element: the first maximum on ties (-0.0 before 0.0 included), the first NaN
     * over anything, and in a window whose maximum is -inf its first input element, even where padding comes first.
     */
    @Test
    void maxPoolingTiesNaNAndMinusInfinity() {
        SplittableRandom rnd = new SplittableRandom(50);
        Pool2dParams[] params = {new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true),
                new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true, true),
                new Pool2dParams(3, 2, 1, 1, 1, 1, 2, 1, false, true)};
        ToDoubleFunction<SplittableRandom> fewValues = r -> switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1, 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> 0.0;
            default -> r.nextInt(3);
        };
        for (DType t : FLOATS) {
            for (Pool2dParams p : params) {
                for (Kind kind : INPUT_KINDS) {
                    String what = t + " " + p + " " + kind;
                    Shape small = Shape.of(1, 2, 5, 5);
                    assertMaxPoolSame("ties " + what, Views.make(kind, Shape.of(2, 3, 6, 7), t, rnd, fewValues), p);
                    View minusInf = Views.make(kind, small, t, rnd, r -> Double.NEGATIVE_INFINITY);
                    assertMaxPoolSame("all -inf " + what, minusInf, p);
                    assertMaxPoolSame("all equal " + what, Views.make(kind, small, t, rnd, r -> 1.5), p);
                }
            }
        }
    }

    /** Max pooling's values bit for bit (they are elements of x) and its indices exactly. */
    private void assertMaxPoolSame(String what, View x, Pool2dParams p) {
        MaxPool2dResult want = REFERENCE.maxPool2d(x.on(REFERENCE), x.layout(), p);
        MaxPool2dResult got = backend().maxPool2d(x.on(backend()), x.layout(), p);
        assertSameBits(what + " values", REFERENCE.download(want.output()), backend().download(got.output()));
        assertClose(what + " indices", REFERENCE.download(want.indices()), backend().download(got.indices()));
    }

    @ParameterizedTest(name = "adaptive {0}x{1} to {2}x{3}")
    @CsvSource({"5, 7, 3, 2", "7, 7, 1, 1", "4, 6, 4, 6", "3, 5, 5, 7", "32, 32, 7, 7"})
    void adaptiveAveragePoolingAndItsGradient(int h, int w, int oh, int ow) {
        Shape xShape = Shape.of(2, 16, h, w), yShape = Shape.of(2, 16, oh, ow);
        SplittableRandom rnd = new SplittableRandom(45);
        for (DType t : FLOATS) {
            for (Kind kind : INPUT_KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String what = t + " " + kind;
                assertSameOnBoth("adaptive avg pool " + what, r -> r.adaptiveAvgPool2d(x.on(r), x.layout(), oh, ow));
                assertSameOnBoth("adaptive avg pool gradient " + what,
                        r -> r.adaptiveAvgPool2dBackward(gy.on(r), gy.layout(), xShape));
            }
        }
    }
}
