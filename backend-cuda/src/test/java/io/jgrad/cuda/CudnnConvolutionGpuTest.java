package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import io.jgrad.testing.Views;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * cuDNN's convolutions on cuda:0 against the reference backend (F32 to 1e-3, F64 to 1e-10, relative and absolute, as
 * the kit): stride, padding, dilation, groups, batch 1, odd sizes, strided and offset inputs, the transposed
 * convolution's short output gradient; that each op really ran in cuDNN (its run counter), that a repeated shape
 * reuses its plan, that 100 forward and backward passes leave the device's bytes in use unchanged, the timed search
 * and the deterministic choice, and that without cuDNN the composed path gives the same results.
 */
@GpuTest
class CudnnConvolutionGpuTest {
    private static final Backend REFERENCE = new ReferenceBackend();
    private static final Kind[] KINDS = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED};

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    private static Cudnn cudnn() { return Cuda.device(0).cudnn(); }

    @BeforeEach
    void needsCudnn() { CudnnRequired.check(); }

    /** Where libcudnn.so.9 is on the search path, the probe must have loaded it; the verdict is printed for the log. */
    @Test
    void theProbeLoadsCudnnWhereItIsInstalled() {
        System.out.println("cuda status: " + Cuda.status().reason());
        assertTrue(Cuda.status().cudnn().version() >= 90000, Cuda.status().cudnn().describe());
    }

    static double tolerance(DType t) { return t == DType.F64 ? 1e-10 : 1e-3; }

    /** The kit's comparison: |e - a| <= tol + tol * |e| element by element. */
    static void assertClose(String what, HostStorage expected, HostStorage actual, double tol) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (!(Math.abs(e - a) <= tol + tol * Math.abs(e))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }

    /** Runs {@code op} on the reference and on {@code backend}; asserts they agree and returns cuDNN's runs during it. */
    static long assertSameAsReference(String what, Backend backend, DType t, Function<Backend, Storage> op) {
        HostStorage expected = REFERENCE.download(op.apply(REFERENCE));
        long before = cudnn().runs();
        Storage got = op.apply(backend);
        HostStorage actual = backend.download(got);
        got.close();
        assertClose(what, expected, actual, tolerance(t));
        return cudnn().runs() - before;
    }

    @ParameterizedTest(name = "n{0} c{1} {2}x{3} -> o{4} k{5}x{6} stride {7}x{8} pad {9}x{10} dil {11}x{12} groups {13}")
    @CsvSource({
            "4, 3, 9, 9, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1",
            "1, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1",
            "2, 5, 11, 13, 7, 3, 5, 2, 3, 1, 2, 1, 1, 1",
            "2, 4, 10, 9, 6, 3, 3, 1, 1, 1, 1, 2, 2, 2",
            "3, 6, 8, 8, 6, 3, 3, 1, 1, 1, 1, 1, 1, 6",
            "2, 8, 7, 7, 16, 1, 1, 1, 1, 0, 0, 1, 1, 4",
            "1, 2, 5, 5, 3, 5, 5, 3, 3, 2, 2, 1, 1, 1",
            "2, 3, 1, 17, 5, 1, 3, 1, 2, 0, 1, 1, 3, 1",
            "8, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1, 1, 1, 1",
    })
    void allThreeOpsMatchTheReferenceAndRunInCudnn(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw,
                                                   int ph, int pw, int dh, int dw, int groups) {
        Conv2dParams p = new Conv2dParams(sh, sw, ph, pw, dh, dw, groups);
        Shape xShape = Shape.of(n, c, h, w), wShape = Shape.of(o, c / groups, kh, kw);
        Shape yShape = Shape.of(n, o, p.outH(h, kh), p.outW(w, kw));
        SplittableRandom rnd = new SplittableRandom(61);
        Backend cuda = cuda();
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Kind kind : KINDS) {
                View x = Views.make(kind, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View wt = Views.make(kind, wShape, t, rnd, r -> Views.uniform(r, -1, 1));
                View gy = Views.make(kind, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
                String what = t + " " + kind;
                long runs = assertSameAsReference("conv2d " + what, cuda, t,
                        b -> b.conv2d(x.on(b), x.layout(), wt.on(b), wt.layout(), p));
                runs += assertSameAsReference("input gradient " + what, cuda, t,
                        b -> b.conv2dBackwardInput(gy.on(b), gy.layout(), wt.on(b), wt.layout(), xShape, p));
                runs += assertSameAsReference("weight gradient " + what, cuda, t,
                        b -> b.conv2dBackwardWeight(gy.on(b), gy.layout(), x.on(b), x.layout(), wShape, p));
                assertEquals(3, runs, "cuDNN ran all three ops of " + what);
            }
        }
    }

    /** A weight at an offset into its storage, an input permuted in storage: both copied packed, then cuDNN. */
    @Test
    void offsetAndPermutedViews() {
        Conv2dParams p = new Conv2dParams(1, 2, 1, 0, 1, 1, 1);
        SplittableRandom rnd = new SplittableRandom(62);
        Shape base = Shape.of(2, 6, 5, 3), wShape = Shape.of(4, 3, 3, 2);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            View x = new View(Views.make(Kind.CONTIGUOUS, base, t, rnd, r -> Views.uniform(r, -1, 1)).storage(),
                    Layout.contiguous(base).permute(0, 3, 2, 1));
            View wt = new View(Views.make(Kind.CONTIGUOUS, Shape.of(7 + wShape.numel()), t, rnd,
                    r -> Views.uniform(r, -1, 1)).storage(), new Layout(wShape, wShape.contiguousStrides(), 7));
            assertEquals(1, assertSameAsReference("conv2d " + t, cuda(), t,
                    b -> b.conv2d(x.on(b), x.layout(), wt.on(b), wt.layout(), p)));
        }
    }

    /** Output padding past the stride: the gradient is shorter than the convolution's output and is zero-padded. */
    @Test
    void transposedConvolutionsShortGradient() {
        Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 2, 2, 1);
        SplittableRandom rnd = new SplittableRandom(63);
        Shape xShape = Shape.of(2, 3, 3, 4), wShape = Shape.of(3, 2, 3, 3), outShape = Shape.of(2, 2, 6, 7);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            View x = Views.make(Kind.CONTIGUOUS, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
            View wt = Views.make(Kind.CONTIGUOUS, wShape, t, rnd, r -> Views.uniform(r, -1, 1));
            View g = Views.make(Kind.TRANSPOSED, outShape, t, rnd, r -> Views.uniform(r, -1, 1));
            assertEquals(1, assertSameAsReference("transposed forward " + t, cuda(), t,
                    b -> b.conv2dBackwardInput(x.on(b), x.layout(), wt.on(b), wt.layout(), outShape, p)));
            assertEquals(1, assertSameAsReference("transposed weight gradient " + t, cuda(), t,
                    b -> b.conv2dBackwardWeight(x.on(b), x.layout(), g.on(b), g.layout(), wShape, p)));
        }
    }

    /** No images: zeros and empties without cuDNN (which rejects zero sizes). */
    @Test
    void emptyBatchAnswersWithoutCudnn() {
        Conv2dParams p = Conv2dParams.of(1, 1);
        SplittableRandom rnd = new SplittableRandom(64);
        Shape xShape = Shape.of(0, 2, 5, 5), wShape = Shape.of(3, 2, 3, 3), yShape = Shape.of(0, 3, 5, 5);
        View x = Views.make(Kind.CONTIGUOUS, xShape, DType.F32, rnd, r -> 1);
        View wt = Views.make(Kind.CONTIGUOUS, wShape, DType.F32, rnd, r -> 1);
        View gy = Views.make(Kind.CONTIGUOUS, yShape, DType.F32, rnd, r -> 1);
        long runs = assertSameAsReference("empty conv2d", cuda(), DType.F32,
                b -> b.conv2d(x.on(b), x.layout(), wt.on(b), wt.layout(), p));
        runs += assertSameAsReference("empty weight gradient", cuda(), DType.F32,
                b -> b.conv2dBackwardWeight(gy.on(b), gy.layout(), x.on(b), x.layout(), wShape, p));
        assertEquals(0, runs);
    }

    @Test
    void aRepeatedShapeReusesItsPlan() {
        Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 1, 1, 1);
        SplittableRandom rnd = new SplittableRandom(65);
        Shape xShape = Shape.of(3, 5, 12, 12), wShape = Shape.of(7, 5, 3, 3);
        View x = Views.make(Kind.CONTIGUOUS, xShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        View wt = Views.make(Kind.CONTIGUOUS, wShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        assertSameAsReference("first", cuda(), DType.F32, b -> b.conv2d(x.on(b), x.layout(), wt.on(b), wt.layout(), p));
        long plans = cudnn().plansCreated();
        ConvPlan plan = cudnn().plan(ConvKey.of(xShape, wShape, p, ConvPrecision.F32));
        assertNotNull(plan.algorithm(ConvDirection.FORWARD), "the forward algorithm was chosen on the first call");
        for (int i = 0; i < 5; i++) {
            assertEquals(1, assertSameAsReference("repeat " + i, cuda(), DType.F32,
                    b -> b.conv2d(x.on(b), x.layout(), wt.on(b), wt.layout(), p)));
        }
        assertEquals(plans, cudnn().plansCreated(), "no new plan for a shape seen before");
    }

    /**
     * 100 forward and backward passes of one layer: no cudaMalloc once warm, and the allocator's bytes and blocks in
     * use do not grow (they may shrink: the cleaner can return storages that earlier tests left unclosed).
     */
    @Test
    void repeatedPassesLeaveDeviceMemoryUnchanged() throws InterruptedException {
        Backend cuda = cuda();
        Conv2dParams p = new Conv2dParams(1, 1, 1, 1, 1, 1, 1);
        Shape xShape = Shape.of(16, 8, 14, 14), wShape = Shape.of(16, 8, 3, 3), yShape = Shape.of(16, 16, 14, 14);
        SplittableRandom rnd = new SplittableRandom(66);
        View xv = Views.make(Kind.CONTIGUOUS, xShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        View wv = Views.make(Kind.CONTIGUOUS, wShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        System.gc();
        Thread.sleep(200);
        try (Storage x = xv.on(cuda); Storage w = wv.on(cuda)) {
            pass(cuda, x, w, xShape, wShape, yShape, p);
            cuda.synchronize();
            MemoryStats before = Cuda.memoryStats();
            long runs = cudnn().runs();
            for (int i = 0; i < 100; i++) pass(cuda, x, w, xShape, wShape, yShape, p);
            cuda.synchronize();
            MemoryStats after = Cuda.memoryStats();
            System.out.println("cuDNN conv memory: before " + before.summary() + "; after 100 passes " + after.summary());
            assertEquals(300, cudnn().runs() - runs);
            assertEquals(before.deviceAllocations(), after.deviceAllocations(), "no cudaMalloc once warm");
            assertTrue(after.allocatedBytes() <= before.allocatedBytes(),
                    "bytes in use grew: " + before.allocatedBytes() + " -> " + after.allocatedBytes());
            assertTrue(after.liveBlocks() <= before.liveBlocks(),
                    "live blocks grew: " + before.liveBlocks() + " -> " + after.liveBlocks());
        }
    }

    private static void pass(Backend b, Storage x, Storage w, Shape xs, Shape ws, Shape ys, Conv2dParams p) {
        try (Storage y = b.conv2d(x, Layout.contiguous(xs), w, Layout.contiguous(ws), p);
             Storage gx = b.conv2dBackwardInput(y, Layout.contiguous(ys), w, Layout.contiguous(ws), xs, p);
             Storage gw = b.conv2dBackwardWeight(y, Layout.contiguous(ys), x, Layout.contiguous(xs), ws, p)) {
            assertEquals(xs.numel(), gx.length());
            assertEquals(ws.numel(), gw.length());
        }
    }

    /** The timed search and the deterministic preference, on a handle of their own, against the reference. */
    @Test
    void timedSearchAndDeterministicAlgorithmsMatchTheReference() {
        CudaDevice device = Cuda.device(0);
        Backend cuda = cuda();
        Conv2dParams p = Conv2dParams.of(1, 1);
        Shape xShape = Shape.of(4, 6, 13, 11), wShape = Shape.of(8, 6, 3, 3);
        ConvKey key = ConvKey.of(xShape, wShape, p, ConvPrecision.F32);
        SplittableRandom rnd = new SplittableRandom(67);
        View x = Views.make(Kind.CONTIGUOUS, xShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        View wt = Views.make(Kind.CONTIGUOUS, wShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        View gy = Views.make(Kind.CONTIGUOUS, key.output(), DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        HostStorage y = REFERENCE.download(REFERENCE.conv2d(x.on(REFERENCE), x.layout(), wt.on(REFERENCE), wt.layout(), p));
        HostStorage gx = REFERENCE.download(REFERENCE.conv2dBackwardInput(gy.on(REFERENCE), gy.layout(),
                wt.on(REFERENCE), wt.layout(), xShape, p));
        HostStorage gw = REFERENCE.download(REFERENCE.conv2dBackwardWeight(gy.on(REFERENCE), gy.layout(),
                x.on(REFERENCE), x.layout(), wShape, p));
        synchronized (device) {
            try (Cudnn searching = new Cudnn(device.context(), device.allocator(), true, true, 256L << 20);
                 CudaStorage xd = (CudaStorage) x.on(cuda); CudaStorage wd = (CudaStorage) wt.on(cuda);
                 CudaStorage gyd = (CudaStorage) gy.on(cuda);
                 CudaStorage yd = CudaStorage.allocate(device, DType.F32, y.length());
                 CudaStorage gxd = CudaStorage.allocate(device, DType.F32, gx.length());
                 CudaStorage gwd = CudaStorage.allocate(device, DType.F32, gw.length())) {
                ConvPlan plan = searching.plan(key);
                assertTrue(searching.run(plan, ConvDirection.FORWARD, xd.address(), wd.address(), yd.address()));
                assertTrue(searching.run(plan, ConvDirection.BACKWARD_DATA, wd.address(), gyd.address(), gxd.address()));
                assertTrue(searching.run(plan, ConvDirection.BACKWARD_FILTER, xd.address(), gyd.address(), gwd.address()));
                System.out.println("timed search chose " + plan.algorithm(ConvDirection.FORWARD) + ", "
                        + plan.algorithm(ConvDirection.BACKWARD_DATA) + ", " + plan.algorithm(ConvDirection.BACKWARD_FILTER));
                assertTrue(plan.algorithm(ConvDirection.BACKWARD_FILTER).deterministic(),
                        "cuDNN has deterministic weight-gradient algorithms for this shape");
                assertClose("searched forward", y, cuda.download(yd), 1e-3);
                assertClose("searched input gradient", gx, cuda.download(gxd), 1e-3);
                assertClose("searched weight gradient", gw, cuda.download(gwd), 1e-3);
            }
        }
    }

    /** Without cuDNN (as with -Djgrad.cuda.cudnn=false), the same convolutions run composed and agree. */
    @Test
    void withoutCudnnTheComposedPathAgrees() {
        Backend composed = new CudaBackend(Cuda.device(0), false);
        Conv2dParams p = new Conv2dParams(2, 1, 1, 1, 1, 2, 2);
        Shape xShape = Shape.of(2, 4, 9, 10), wShape = Shape.of(6, 2, 3, 3);
        Shape yShape = Shape.of(2, 6, p.outH(9, 3), p.outW(10, 3));
        SplittableRandom rnd = new SplittableRandom(68);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            View x = Views.make(Kind.TRANSPOSED, xShape, t, rnd, r -> Views.uniform(r, -1, 1));
            View wt = Views.make(Kind.CONTIGUOUS, wShape, t, rnd, r -> Views.uniform(r, -1, 1));
            View gy = Views.make(Kind.CONTIGUOUS, yShape, t, rnd, r -> Views.uniform(r, -1, 1));
            long runs = assertSameAsReference("composed conv2d " + t, composed, t,
                    b -> b.conv2d(x.on(b), x.layout(), wt.on(b), wt.layout(), p));
            runs += assertSameAsReference("composed input gradient " + t, composed, t,
                    b -> b.conv2dBackwardInput(gy.on(b), gy.layout(), wt.on(b), wt.layout(), xShape, p));
            runs += assertSameAsReference("composed weight gradient " + t, composed, t,
                    b -> b.conv2dBackwardWeight(gy.on(b), gy.layout(), x.on(b), x.layout(), wShape, p));
            assertEquals(0, runs, "the composed backend never calls cuDNN");
        }
    }
}
