package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pooling kernels ({@code kernels/pool.cu}) checked without a GPU: compiled for the host with g++
 * ({@code host/pool_host.cpp}: one thread walks every element, atomics are plain adds in index order) and compared with
 * the reference backend: max pooling's values bit for bit and indices exactly (ties, NaN, -inf, dilation, ceil mode),
 * average and adaptive average pooling and their gradients bit for bit, max pooling's gradient bit for bit in F64
 * (the same order of additions) and to 1e-5 in F32 (float additions against the reference's double sum). Skipped where
 * g++ is not on the PATH. {@code PoolingKernelsGpuTest} runs the same kernels on a GPU.
 */
class PoolKernelsHostTest {
    private static final ReferenceBackend REFERENCE = new ReferenceBackend();

    @TempDir
    static Path temp;
    private static Path program;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Path gpp = HostPrograms.onPath("g++");
        assumeTrue(gpp != null, "g++ is not on the PATH");
        KernelSource pool = KernelSource.load("pool.cu");
        Files.writeString(temp.resolve("pool.cu"), pool.code());
        for (var header : pool.headers().entrySet()) {
            Files.writeString(temp.resolve(header.getKey()), header.getValue());
        }
        program = HostPrograms.buildHarness(gpp, temp, "pool_host");
    }

    @ParameterizedTest(name = "{0}x{1} k{2}x{3} stride {4}x{5} pad {6}x{7} dil {8}x{9} ceil {10} include_pad {11}")
    @CsvSource({
            "6, 6, 2, 2, 2, 2, 0, 0, 1, 1, false, true",
            "5, 7, 3, 3, 2, 2, 1, 1, 1, 1, false, true",
            "5, 7, 3, 3, 2, 2, 1, 1, 1, 1, false, false",
            "6, 6, 3, 3, 2, 2, 0, 0, 1, 1, true, true",
            "5, 5, 2, 2, 2, 2, 0, 0, 1, 1, true, false",
            "6, 5, 3, 3, 2, 2, 1, 1, 1, 1, true, true",
            "9, 8, 3, 3, 1, 1, 1, 1, 2, 2, false, true",
            "7, 6, 3, 2, 2, 2, 1, 1, 1, 1, true, false",
            "6, 7, 2, 3, 2, 1, 1, 1, 1, 1, false, true",
            "8, 7, 3, 2, 1, 2, 1, 0, 2, 1, true, true",
            "13, 11, 3, 3, 3, 2, 1, 1, 1, 1, true, false",
            "1, 9, 1, 3, 1, 2, 0, 1, 1, 1, false, false",
    })
    void everyPoolingKernelMatchesTheReference(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh,
                                               int dw, boolean ceil, boolean includePad) throws Exception {
        Pool2dParams p = new Pool2dParams(kh, kw, sh, sw, ph, pw, dh, dw, ceil, includePad);
        SplittableRandom rnd = new SplittableRandom(91);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            String what = p + " " + t;
            Shape xShape = Shape.of(2, 3, h, w);
            HostStorage x = values(t, xShape.numel(), () -> rnd.nextDouble(-1, 1));
            checkMaxPool(what, x, xShape, p);
            if (dh == 1 && dw == 1) {
                Shape yShape = Shape.of(2, 3, p.outH(h), p.outW(w));
                HostStorage g = values(t, yShape.numel(), () -> rnd.nextDouble(-1, 1));
                String geometry = geometry(xShape, yShape) + " " + kh + " " + kw + " " + sh + " " + sw + " " + ph + " "
                        + pw + " " + (includePad ? 1 : 0);
                assertSameBits("avg " + what, REFERENCE.avgPool2d(x, Layout.contiguous(xShape), p),
                        harness("avgf", t, geometry, x).getFirst());
                assertSameBits("avg gradient " + what,
                        REFERENCE.avgPool2dBackward(g, Layout.contiguous(yShape), xShape, p),
                        harness("avgb", t, geometry, g).getFirst());
            }
        }
    }

    /** Ties (-0.0 before 0.0), NaN over anything, all -inf windows (their first input element), all-equal windows. */
    @Test
    void maxPoolingPicksTheReferencesElement() throws Exception {
        SplittableRandom rnd = new SplittableRandom(92);
        DoubleSupplier fewValues = () -> switch (rnd.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1, 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> 0.0;
            default -> rnd.nextInt(3);
        };
        Pool2dParams[] params = {new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true),
                new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true, true),
                new Pool2dParams(3, 2, 1, 1, 1, 1, 2, 1, false, true),
                new Pool2dParams(3, 3, 1, 1, 1, 1, 1, 1, false, true)};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Pool2dParams p : params) {
                Shape shape = Shape.of(2, 3, 6, 7), small = Shape.of(1, 2, 5, 5);
                checkMaxPool("ties " + p + " " + t, values(t, shape.numel(), fewValues), shape, p);
                checkMaxPool("all -inf " + p + " " + t, values(t, small.numel(), () -> Double.NEGATIVE_INFINITY), small,
                        p);
                checkMaxPool("all equal " + p + " " + t, values(t, small.numel(), () -> 1.5), small, p);
            }
        }
    }

    @ParameterizedTest(name = "adaptive {0}x{1} to {2}x{3}")
    @CsvSource({"5, 7, 3, 2", "7, 7, 1, 1", "4, 6, 4, 6", "3, 5, 5, 7", "32, 32, 7, 7", "13, 9, 4, 5", "1, 1, 2, 3"})
    void adaptiveAveragePoolingMatchesTheReference(int h, int w, int oh, int ow) throws Exception {
        SplittableRandom rnd = new SplittableRandom(93);
        Shape xShape = Shape.of(2, 3, h, w), yShape = Shape.of(2, 3, oh, ow);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            HostStorage x = values(t, xShape.numel(), () -> rnd.nextDouble(-1, 1));
            HostStorage g = values(t, yShape.numel(), () -> rnd.nextDouble(-1, 1));
            String what = h + "x" + w + " to " + oh + "x" + ow + " " + t;
            assertSameBits("adaptive " + what, REFERENCE.adaptiveAvgPool2d(x, Layout.contiguous(xShape), oh, ow),
                    harness("adaf", t, geometry(xShape, yShape), x).getFirst());
            assertSameBits("adaptive gradient " + what,
                    REFERENCE.adaptiveAvgPool2dBackward(g, Layout.contiguous(yShape), xShape),
                    harness("adab", t, geometry(xShape, yShape), g).getFirst());
        }
    }

    /** Max pooling's values and indices, then its gradient routed by the reference's indices. */
    private static void checkMaxPool(String what, HostStorage x, Shape xShape, Pool2dParams p) throws Exception {
        int h = xShape.dim(2), w = xShape.dim(3);
        Shape yShape = Shape.of(xShape.dim(0), xShape.dim(1), p.outH(h), p.outW(w));
        MaxPool2dResult want = REFERENCE.maxPool2d(x, Layout.contiguous(xShape), p);
        List<String> got = harness("maxf", x.dtype(), geometry(xShape, yShape) + " " + p.kernelH() + " " + p.kernelW()
                + " " + p.strideH() + " " + p.strideW() + " " + p.padH() + " " + p.padW() + " " + p.dilationH() + " "
                + p.dilationW(), x);
        assertSameBits("max values " + what, want.output(), got.get(0));
        long[] indices = HostStorage.of(want.indices()).longs();
        String[] gotIndices = got.get(1).trim().isEmpty() ? new String[0] : got.get(1).trim().split(" ");
        assertEquals(indices.length, gotIndices.length, "max indices " + what);
        for (int i = 0; i < indices.length; i++) {
            assertEquals(indices[i], Long.parseLong(gotIndices[i]), "max indices " + what + ": element " + i);
        }
        SplittableRandom rnd = new SplittableRandom(94);
        HostStorage g = values(x.dtype(), yShape.numel(), () -> rnd.nextDouble(-1, 1));
        StringBuilder idx = new StringBuilder();
        for (long i : indices) idx.append(' ').append(i);
        int planes = xShape.dim(0) * xShape.dim(1);
        HostStorage expected = HostStorage.of(REFERENCE.maxPool2dBackward(g, Layout.contiguous(yShape), want.indices(),
                Layout.contiguous(yShape), xShape));
        HostStorage actual = parse(x.dtype(), harness("maxb", x.dtype(), planes + " " + p.outH(h) * p.outW(w) + " "
                + h * w + " " + hex(g) + idx, null).getFirst());
        double tol = x.dtype() == DType.F32 ? 1e-5 : 0;
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (!(Math.abs(e - a) <= tol + tol * Math.abs(e))) {
                fail("max gradient " + what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }

    private static String geometry(Shape x, Shape y) {
        return x.dim(0) * x.dim(1) + " " + x.dim(2) + " " + x.dim(3) + " " + y.dim(2) + " " + y.dim(3);
    }

    private static HostStorage values(DType t, int n, DoubleSupplier next) {
        HostStorage s = HostStorage.allocate(t, n);
        for (int i = 0; i < n; i++) s.setDouble(i, next.getAsDouble());
        return s;
    }

    /** Each element's raw bits in hex, space-separated (as the harness reads them). */
    private static String hex(HostStorage s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            out.append(' ').append(s.dtype() == DType.F32 ? Integer.toHexString(Float.floatToRawIntBits(s.floats()[i]))
                    : Long.toHexString(Double.doubleToRawLongBits(s.doubles()[i])));
        }
        return out.toString();
    }

    private static HostStorage parse(DType t, String line) {
        String[] words = line.trim().isEmpty() ? new String[0] : line.trim().split(" ");
        HostStorage s = HostStorage.allocate(t, words.length);
        for (int i = 0; i < words.length; i++) {
            if (t == DType.F32) s.floats()[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(words[i], 16));
            else s.doubles()[i] = Double.longBitsToDouble(Long.parseUnsignedLong(words[i], 16));
        }
        return s;
    }

    private static void assertSameBits(String what, Storage expected, String line) {
        HostStorage e = HostStorage.of(expected), a = parse(e.dtype(), line);
        assertEquals(e.length(), a.length(), what + ": length");
        for (int i = 0; i < e.length(); i++) {
            double ev = e.getDouble(i), av = a.getDouble(i);
            boolean same = Double.isNaN(ev) ? Double.isNaN(av)
                    : Double.doubleToRawLongBits(ev) == Double.doubleToRawLongBits(av);
            if (!same) fail(what + ": element " + i + " expected " + ev + " but was " + av);
        }
    }

    /** One request (data given or already in {@code ints}) and the harness's output lines. */
    private static List<String> harness(String op, DType t, String ints, HostStorage data)
            throws IOException, InterruptedException {
        String type = t == DType.F32 ? "f32" : "f64";
        String request = op + " " + type + " " + ints + (data == null ? "" : hex(data)) + "\n";
        Path file = Files.createTempFile(temp, "request", ".txt");
        Files.writeString(file, request);
        return HostPrograms.run(List.of(program.toString()), file).lines().toList();
    }
}
