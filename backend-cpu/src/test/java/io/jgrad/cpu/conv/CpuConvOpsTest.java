package io.jgrad.cpu.conv;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The F32 conv kernels against the reference backend's plain loops, on shapes chosen for this backend's paths (GEMM
 * panels, parallel thresholds, transposed weight gradients). Pooling, strided and offset views and the transposed
 * convolution are checked through the SPI by the backend test kit's {@code ConvPoolContract}
 * ({@code CpuBackendKitTest}).
 */
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
    void acceptsOnlyF32HostStorage() {
        assertEquals(true, CpuConvOps.accepts(HostStorage.allocate(DType.F32, 1)));
        assertEquals(false, CpuConvOps.accepts(HostStorage.allocate(DType.F64, 1)));
    }
}
