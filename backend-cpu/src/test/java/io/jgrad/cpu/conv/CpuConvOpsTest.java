package io.jgrad.cpu.conv;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The F32 conv and pooling kernels against the reference backend's plain loops. */
class CpuConvOpsTest {
    private static final ReferenceBackend REF = new ReferenceBackend();
    private final Random rng = new Random(11);

    private HostStorage random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextFloat() * 2 - 1;
        return HostStorage.wrap(v);
    }

    private static void assertClose(String what, Storage expected, Storage actual) {
        float[] e = HostStorage.of(expected).floats(), a = HostStorage.of(actual).floats();
        assertEquals(e.length, a.length, what + ": length");
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 + 1e-4 * Math.abs(e[i]), what + ": element " + i);
        }
    }

    @ParameterizedTest(name = "n{0} c{1} {2}x{3} -> o{4} k{5}x{6} stride {7} pad {8} dil {9} groups {10}")
    @CsvSource({
            "2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1",
            "2, 3, 7, 6, 4, 2, 3, 2, 0, 1, 1",
            "1, 2, 8, 9, 3, 3, 3, 1, 2, 2, 1",
            "3, 4, 6, 5, 6, 3, 3, 2, 1, 1, 2",
            "2, 4, 7, 7, 4, 3, 3, 1, 1, 1, 4",
            "2, 4, 7, 8, 8, 3, 3, 2, 1, 2, 4",
            "2, 6, 5, 5, 4, 1, 1, 1, 0, 1, 1",
            "2, 6, 5, 5, 4, 1, 1, 2, 0, 1, 2",
            "1, 3, 5, 5, 2, 5, 5, 3, 2, 1, 1",
            "8, 16, 16, 16, 32, 3, 3, 1, 1, 1, 1",
            "2, 32, 24, 24, 32, 3, 3, 1, 1, 1, 1",
            "4, 32, 20, 20, 32, 3, 3, 1, 1, 1, 32",
            "3, 64, 16, 16, 32, 1, 1, 1, 0, 1, 1",
            // Stride 1 (the implicit GEMM): padding past dilation * (k - 1), which the input gradient cannot use
            // (it falls back to col2im), a 1x3 kernel, and a grouped 14x14 layer like a ResNet's.
            "2, 3, 5, 5, 4, 3, 3, 1, 3, 1, 1",
            "3, 5, 4, 11, 7, 1, 3, 1, 1, 1, 1",
            "2, 8, 14, 14, 64, 3, 3, 1, 1, 1, 2",
            "2, 3, 9, 9, 13, 5, 5, 1, 4, 2, 1",
            // Output channels over two panels of the weight gradient's packed gy^T, the second partial.
            "2, 5, 9, 7, 45, 3, 3, 1, 1, 1, 1",
            // Per-image GEMMs above Sgemm's parallel threshold (each still runs on one thread), with groups.
            "5, 64, 24, 24, 8, 3, 3, 1, 1, 1, 1",
            "7, 64, 24, 24, 32, 3, 3, 1, 1, 1, 2",
            // Patches shorter than the filter count: the weight gradient is computed transposed.
            "3, 1, 12, 12, 16, 3, 3, 1, 1, 1, 1",
            "2, 4, 9, 9, 16, 1, 1, 1, 0, 1, 2",
            // A small weight gradient over many images: summed per worker, then the partials added.
            "16, 1, 32, 32, 16, 3, 3, 1, 1, 1, 1",
    })
    void convAgainstReference(int n, int c, int h, int w, int o, int kh, int kw, int stride, int pad, int dil, int groups) {
        Conv2dParams p = new Conv2dParams(stride, stride, pad, pad, dil, dil, groups);
        Layout xl = Layout.contiguous(Shape.of(n, c, h, w)), wl = Layout.contiguous(Shape.of(o, c / groups, kh, kw));
        Storage x = random(xl.numel()), wt = random(wl.numel());
        Storage y = CpuConvOps.conv2d(REF, x, xl, wt, wl, p);
        assertClose("forward", REF.conv2d(x, xl, wt, wl, p), y);

        Layout gl = Layout.contiguous(Shape.of(n, o, p.outH(h, kh), p.outW(w, kw)));
        Storage gy = random(gl.numel());
        assertClose("backward input", REF.conv2dBackwardInput(gy, gl, wt, wl, xl.shape(), p),
                CpuConvOps.conv2dBackwardInput(REF, gy, gl, wt, wl, xl.shape(), p));
        assertClose("backward weight", REF.conv2dBackwardWeight(gy, gl, x, xl, wl.shape(), p),
                CpuConvOps.conv2dBackwardWeight(REF, gy, gl, x, xl, wl.shape(), p));
    }

    @Test
    void stridedAndOffsetViews() {
        Conv2dParams p = new Conv2dParams(1, 2, 1, 0, 1, 1, 1);
        // x viewed as [2, 3, 5, 6] through a permutation of a [2, 6, 5, 3] buffer; w starts at offset 7 of its storage.
        Shape base = Shape.of(2, 6, 5, 3);
        Layout xl = Layout.contiguous(base).permute(0, 3, 2, 1);
        Storage x = random(base.numel());
        Layout wl = new Layout(Shape.of(4, 3, 3, 2), Shape.of(4, 3, 3, 2).contiguousStrides(), 7);
        Storage wt = random(7 + wl.numel());
        assertClose("forward", REF.conv2d(x, xl, wt, wl, p), CpuConvOps.conv2d(REF, x, xl, wt, wl, p));
    }

    /** A transposed convolution with output padding past its stride hands the kernels a shorter gradient. */
    @Test
    void transposedConvolutionWithWideOutputPadding() {
        Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 2, 2, 1);
        Layout xl = Layout.contiguous(Shape.of(2, 3, 3, 4)), wl = Layout.contiguous(Shape.of(3, 2, 3, 3));
        Shape outShape = Shape.of(2, 2, 6, 7); // (3-1) - 2 + 2*2 + 1 + 1 = 6 high; 7 wide
        Storage x = random(xl.numel()), wt = random(wl.numel());
        assertClose("transposed forward", REF.conv2dBackwardInput(x, xl, wt, wl, outShape, p),
                CpuConvOps.conv2dBackwardInput(REF, x, xl, wt, wl, outShape, p));
        Layout gl = Layout.contiguous(outShape);
        Storage g = random(gl.numel());
        assertClose("transposed weight gradient", REF.conv2dBackwardWeight(x, xl, g, gl, wl.shape(), p),
                CpuConvOps.conv2dBackwardWeight(REF, x, xl, g, gl, wl.shape(), p));
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
    void poolingAgainstReference(int h, int w, int k, int stride, int pad, int dil, boolean ceil, boolean includePad) {
        Pool2dParams p = new Pool2dParams(k, k, stride, stride, pad, pad, dil, dil, ceil, includePad);
        Layout xl = Layout.contiguous(Shape.of(3, 16, h, w));
        Storage x = random(xl.numel());
        Layout gl = Layout.contiguous(Shape.of(3, 16, p.outH(h), p.outW(w)));
        Storage gy = random(gl.numel());

        MaxPool2dResult expected = REF.maxPool2d(x, xl, p), actual = CpuConvOps.maxPool2d(REF, x, xl, p);
        assertClose("max forward", expected.output(), actual.output());
        assertArrayEquals(HostStorage.of(expected.indices()).longs(), HostStorage.of(actual.indices()).longs(), "max indices");
        assertClose("max backward", REF.maxPool2dBackward(gy, gl, expected.indices(), gl, xl.shape()),
                CpuConvOps.maxPool2dBackward(REF, gy, gl, actual.indices(), gl, xl.shape()));
        if (dil == 1) {
            assertClose("avg forward", REF.avgPool2d(x, xl, p), CpuConvOps.avgPool2d(REF, x, xl, p));
            assertClose("avg backward", REF.avgPool2dBackward(gy, gl, xl.shape(), p),
                    CpuConvOps.avgPool2dBackward(REF, gy, gl, xl.shape(), p));
        }
    }

    @ParameterizedTest(name = "adaptive {0}x{1} to {2}x{3}")
    @CsvSource({"5, 7, 3, 2", "7, 7, 1, 1", "4, 6, 4, 6", "3, 5, 5, 7", "32, 32, 7, 7"})
    void adaptiveAgainstReference(int h, int w, int oh, int ow) {
        Layout xl = Layout.contiguous(Shape.of(2, 16, h, w)), gl = Layout.contiguous(Shape.of(2, 16, oh, ow));
        Storage x = random(xl.numel()), gy = random(gl.numel());
        assertClose("adaptive forward", REF.adaptiveAvgPool2d(x, xl, oh, ow), CpuConvOps.adaptiveAvgPool2d(REF, x, xl, oh, ow));
        assertClose("adaptive backward", REF.adaptiveAvgPool2dBackward(gy, gl, xl.shape()),
                CpuConvOps.adaptiveAvgPool2dBackward(REF, gy, gl, xl.shape()));
    }

    @Test
    void acceptsOnlyF32HostStorage() {
        assertEquals(true, CpuConvOps.accepts(HostStorage.allocate(DType.F32, 1)));
        assertEquals(false, CpuConvOps.accepts(HostStorage.allocate(DType.F64, 1)));
    }
}
