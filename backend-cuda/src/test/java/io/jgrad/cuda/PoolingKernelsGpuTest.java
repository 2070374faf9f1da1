package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import io.jgrad.testing.Views;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pooling kernels ({@link PoolingOps}, {@code pool.cu}) called directly, so that no composed fallback can stand in
 * for them, against the reference backend: max pooling's values bit for bit and its indices exactly (ties, NaN, -inf,
 * dilation, ceil mode), average pooling and both average gradients bit for bit (the kernels sum in double in the
 * reference's order), max pooling's gradient to 1e-5 in F32 and 1e-12 in F64 (atomics: an input chosen by up to
 * kH*kW = 9 windows adds up to 9 gradients of at most 1 in F32, 8 roundings of at most 2^-24 * 9 each, below 4.3e-6),
 * batch 1 and odd sizes.
 */
@GpuTest
class PoolingKernelsGpuTest {
    private static final ReferenceBackend REFERENCE = new ReferenceBackend();
    private static final Kind[] KINDS = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED};

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    /** Runs {@code op} on the device's pooling kernels under the device's lock; it must not fall back (null). */
    private static <T> T onKernels(java.util.function.Function<PoolingOps, T> op) {
        CudaDevice device = Cuda.device(0);
        synchronized (device) {
            T result = op.apply(new PoolingOps(device, new Transfers(device)));
            assertNotNull(result, "the pooling kernels took the case");
            return result;
        }
    }

    private static CudaStorage on(View v) { return (CudaStorage) v.on(cuda()); }

    private static void assertSameBits(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean same = Double.isNaN(e) ? Double.isNaN(a) : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
            if (!same) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    private static void assertClose(String what, HostStorage expected, HostStorage actual, double tol) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (!(Math.abs(e - a) <= tol + tol * Math.abs(e))) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    private static void assertExact(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            if (expected.getLong(i) != actual.getLong(i)) {
                fail(what + ": element " + i + " expected " + expected.getLong(i) + " but was " + actual.getLong(i));
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1} k{2}x{3} stride {4}x{5} pad {6}x{7} dil {8}x{9} ceil {10} include_pad {11}")
    @CsvSource({
            "6, 6, 2, 2, 2, 2, 0, 0, 1, 1, false, true",
            "5, 7, 3, 3, 2, 2, 1, 1, 1, 1, false, false",
            "6, 5, 3, 3, 2, 2, 1, 1, 1, 1, true, true",
            "5, 5, 2, 2, 2, 2, 0, 0, 1, 1, true, false",
            "7, 6, 3, 2, 2, 2, 1, 1, 1, 1, true, false",
            "9, 8, 3, 3, 1, 1, 1, 1, 2, 2, false, true",
            "8, 7, 3, 2, 1, 2, 1, 0, 2, 1, true, true",
            "13, 11, 3, 3, 3, 2, 1, 1, 1, 1, true, false",
            "1, 9, 1, 3, 1, 2, 0, 1, 1, 1, false, false",
    })
    void everyModeMatchesTheReference(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                                      boolean ceil, boolean includePad) {
        Pool2dParams p = new Pool2dParams(kh, kw, sh, sw, ph, pw, dh, dw, ceil, includePad);
        SplittableRandom rnd = new SplittableRandom(81);
        for (Shape xShape : new Shape[] {Shape.of(1, 3, h, w), Shape.of(3, 5, h, w)}) {
            Shape yShape = Shape.of(xShape.dim(0), xShape.dim(1), p.outH(h), p.outW(w));
            for (DType t : new DType[] {DType.F32, DType.F64}) {
                for (Kind kind : KINDS) {
                    String what = p + " " + xShape + " " + t + " " + kind;
                    View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                    View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                    assertMaxPool(what, x, p);
                    MaxPool2dResult ref = REFERENCE.maxPool2d(x.on(REFERENCE), x.layout(), p);
                    View indices = new View(REFERENCE.download(ref.indices()), Layout.contiguous(yShape));
                    HostStorage expectedGrad = REFERENCE.download(REFERENCE.maxPool2dBackward(gy.on(REFERENCE),
                            gy.layout(), ref.indices(), indices.layout(), xShape));
                    assertClose("max gradient " + what, expectedGrad, download(() -> onKernels(k ->
                            k.maxPool2dBackward(on(gy), gy.layout(), on(indices), indices.layout(), xShape))),
                            t == DType.F32 ? 1e-5 : 1e-12);
                    if (dh == 1 && dw == 1) {
                        assertSameBits("avg " + what, REFERENCE.download(REFERENCE.avgPool2d(x.on(REFERENCE), x.layout(), p)),
                                download(() -> onKernels(k -> k.avgPool2d(on(x), x.layout(), p))));
                        assertSameBits("avg gradient " + what,
                                REFERENCE.download(REFERENCE.avgPool2dBackward(gy.on(REFERENCE), gy.layout(), xShape, p)),
                                download(() -> onKernels(k -> k.avgPool2dBackward(on(gy), gy.layout(), xShape, p))));
                    }
                }
            }
        }
    }

    private static HostStorage download(Supplier<Storage> storage) {
        try (Storage s = storage.get()) {
            return cuda().download(s);
        }
    }

    private static void assertMaxPool(String what, View x, Pool2dParams p) {
        MaxPool2dResult want = REFERENCE.maxPool2d(x.on(REFERENCE), x.layout(), p);
        MaxPool2dResult got = onKernels(k -> k.maxPool2d(on(x), x.layout(), p));
        assertSameBits("max values " + what, REFERENCE.download(want.output()), cuda().download(got.output()));
        assertExact("max indices " + what, REFERENCE.download(want.indices()), cuda().download(got.indices()));
        got.output().close();
        got.indices().close();
    }

    /** Ties (-0.0 before 0.0), NaN over anything, all -inf windows (their first input element), all-equal windows. */
    @Test
    void maxPoolingPicksTheReferencesElement() {
        SplittableRandom rnd = new SplittableRandom(82);
        ToDoubleFunction<SplittableRandom> fewValues = r -> switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1, 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> 0.0;
            default -> r.nextInt(3);
        };
        Pool2dParams[] params = {new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true),
                new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true, true),
                new Pool2dParams(3, 2, 1, 1, 1, 1, 2, 1, false, true),
                new Pool2dParams(3, 3, 1, 1, 1, 1, 1, 1, false, true)};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Pool2dParams p : params) {
                for (Kind kind : KINDS) {
                    String what = t + " " + p + " " + kind;
                    assertMaxPool("ties " + what, Views.make(kind, Shape.of(2, 3, 6, 7), t, rnd, fewValues), p);
                    assertMaxPool("all -inf " + what,
                            Views.make(kind, Shape.of(1, 2, 5, 5), t, rnd, r -> Double.NEGATIVE_INFINITY), p);
                    assertMaxPool("all equal " + what, Views.make(kind, Shape.of(1, 2, 5, 5), t, rnd, r -> 1.5), p);
                }
            }
        }
    }

    @ParameterizedTest(name = "adaptive {0}x{1} to {2}x{3}")
    @CsvSource({"5, 7, 3, 2", "7, 7, 1, 1", "4, 6, 4, 6", "3, 5, 5, 7", "32, 32, 7, 7", "13, 9, 4, 5", "1, 1, 2, 3"})
    void adaptiveAveragePoolingMatchesTheReferenceBitForBit(int h, int w, int oh, int ow) {
        SplittableRandom rnd = new SplittableRandom(83);
        Shape xShape = Shape.of(2, 5, h, w), yShape = Shape.of(2, 5, oh, ow);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Kind kind : KINDS) {
                String what = h + "x" + w + " to " + oh + "x" + ow + " " + t + " " + kind;
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                assertSameBits("adaptive " + what,
                        REFERENCE.download(REFERENCE.adaptiveAvgPool2d(x.on(REFERENCE), x.layout(), oh, ow)),
                        download(() -> onKernels(k -> k.adaptiveAvgPool2d(on(x), x.layout(), oh, ow))));
                assertSameBits("adaptive gradient " + what,
                        REFERENCE.download(REFERENCE.adaptiveAvgPool2dBackward(gy.on(REFERENCE), gy.layout(), xShape)),
                        download(() -> onKernels(k -> k.adaptiveAvgPool2dBackward(on(gy), gy.layout(), xShape))));
            }
        }
    }

    /** Other dtypes are left to the composed defaults: the kernels decline them (the router then composes). */
    @Test
    void integerPoolingIsLeftToTheComposedDefaults() {
        CudaDevice device = Cuda.device(0);
        Pool2dParams p = new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true);
        View x = Views.make(Kind.CONTIGUOUS, Shape.of(1, 2, 4, 4), DType.I32, new SplittableRandom(84), r -> r.nextInt(-9, 10));
        synchronized (device) {
            PoolingOps kernels = new PoolingOps(device, new Transfers(device));
            assertNull(kernels.maxPool2d(on(x), x.layout(), p));
            assertNull(kernels.avgPool2d(on(x), x.layout(), p));
            assertNull(kernels.adaptiveAvgPool2d(on(x), x.layout(), 1, 1));
        }
    }
}
