package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolution (forward and both gradients) and max, average and adaptive average pooling (forward and gradient)
 * through the SPI on the backend under test against the reference backend, in F32 and F64, on contiguous and strided
 * inputs. Each backend computes its own max-pooling indices and routes the gradient with them.
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
        Shape xShape = Shape.of(3, 16, h, w), yShape = Shape.of(3, 16, p.outH(h), p.outW(w));
        Layout yLayout = Layout.contiguous(yShape);
        SplittableRandom rnd = new SplittableRandom(44);
        for (DType t : FLOATS) {
            for (Kind kind : INPUT_KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String what = t + " " + kind;
                assertSameOnBoth("max pool " + what, r -> r.maxPool2d(x.on(r), x.layout(), p).output());
                assertSameOnBoth("max pool indices " + what, r -> r.maxPool2d(x.on(r), x.layout(), p).indices());
                assertSameOnBoth("max pool gradient " + what, r -> r.maxPool2dBackward(gy.on(r), gy.layout(),
                        r.maxPool2d(x.on(r), x.layout(), p).indices(), yLayout, xShape));
                if (dil == 1) {
                    assertSameOnBoth("avg pool " + what, r -> r.avgPool2d(x.on(r), x.layout(), p));
                    assertSameOnBoth("avg pool gradient " + what,
                            r -> r.avgPool2dBackward(gy.on(r), gy.layout(), xShape, p));
                }
            }
        }
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
