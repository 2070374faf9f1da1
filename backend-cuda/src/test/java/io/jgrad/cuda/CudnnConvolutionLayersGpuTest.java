package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.Conv1dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
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
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * conv1d and the transposed convolution reach cuDNN through the SPI's conv2d ops (forward and gradients, against the
 * reference backend), and autocast runs the three conv ops in BF16 and F16 within the formats' rounding bound.
 */
@GpuTest
class CudnnConvolutionLayersGpuTest {
    private static final Backend REFERENCE = new ReferenceBackend();

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    private static Cudnn cudnn() { return Cuda.device(0).cudnn(); }

    @BeforeEach
    void needsCudnn() { CudnnRequired.check(); }

    /** The output, then each input's gradient of sum(y * r), computed on {@code backend} from host copies. */
    private static List<double[]> forwardAndGradients(Backend backend, List<Tensor> inputs, Tensor r,
                                                      Function<List<Tensor>, Tensor> f) {
        try (var on = Backends.use(backend)) {
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor t : inputs) leaves.add(t.to(backend).detach().requiresGrad(true));
            Tensor y = f.apply(leaves);
            y.mul(r.to(backend)).sum().backward();
            List<double[]> out = new ArrayList<>();
            out.add(y.toDoubleArray());
            for (Tensor leaf : leaves) out.add(leaf.grad().toDoubleArray());
            return out;
        }
    }

    /** Same values on cuda as on the reference, F32 to 1e-3 and F64 to 1e-10; returns cuDNN's runs on cuda. */
    private static long assertSameOnBoth(String what, DType t, List<Tensor> inputs, Tensor r,
                                         Function<List<Tensor>, Tensor> f) {
        List<double[]> expected = forwardAndGradients(REFERENCE, inputs, r, f);
        long before = cudnn().runs();
        List<double[]> actual = forwardAndGradients(cuda(), inputs, r, f);
        long runs = cudnn().runs() - before;
        double tol = t == DType.F64 ? 1e-10 : 1e-3;
        for (int k = 0; k < expected.size(); k++) {
            double[] e = expected.get(k), a = actual.get(k);
            assertEquals(e.length, a.length, what + " result " + k);
            for (int i = 0; i < e.length; i++) {
                if (!(Math.abs(e[i] - a[i]) <= tol + tol * Math.abs(e[i]))) {
                    fail(what + " result " + k + " (0: output, then each input's gradient): element " + i
                            + " expected " + e[i] + " but was " + a[i]);
                }
            }
        }
        return runs;
    }

    private static Tensor uniform(Generator g, DType t, int... shape) {
        try (var on = Backends.use(REFERENCE)) {
            return Tensor.uniform(g, t, -1, 1, shape);
        }
    }

    @Test
    void conv1dRunsInCudnnForwardAndBackward() {
        Generator g = new Generator(71);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Conv1dOptions o : new Conv1dOptions[] {Conv1dOptions.defaults().padding(1),
                    Conv1dOptions.defaults().stride(2).padding(2).dilation(2).groups(2)}) {
                Tensor x = uniform(g, t, 3, 4, 19), w = uniform(g, t, 6, 4 / o.groups(), 3), b = uniform(g, t, 6);
                int length = (19 + 2 * o.pad() - o.dilation() * 2 - 1) / o.stride() + 1;
                Tensor r = uniform(g, t, 3, 6, length);
                long runs = assertSameOnBoth("conv1d " + t + " " + o, t, List.of(x, w, b), r,
                        in -> F.conv1d(in.get(0), in.get(1), in.get(2), o));
                assertEquals(3, runs, "forward, input gradient and weight gradient in cuDNN");
            }
        }
    }

    @Test
    void transposedConvolutionRunsInCudnnForwardAndBackward() {
        Generator g = new Generator(72);
        ConvTranspose2dOptions[] options = {
                ConvTranspose2dOptions.defaults().stride(2).padding(1).outputPadding(1),
                ConvTranspose2dOptions.defaults().groups(2).padding(1),
                // Output padding past the stride (allowed below the dilation): the gradient ops get a short gradient.
                ConvTranspose2dOptions.defaults().dilation(3).outputPadding(2).padding(1)};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (ConvTranspose2dOptions o : options) {
                Tensor x = uniform(g, t, 2, 4, 5, 6), w = uniform(g, t, 4, 6 / o.groups(), 3, 3), b = uniform(g, t, 6);
                Tensor y;
                try (var on = Backends.use(REFERENCE)) {
                    y = F.convTranspose2d(x, w, b, o);
                }
                Tensor r = uniform(g, t, y.shape().dims());
                long runs = assertSameOnBoth("conv_transpose2d " + t + " " + o, t, List.of(x, w, b), r,
                        in -> F.convTranspose2d(in.get(0), in.get(1), in.get(2), o));
                assertEquals(3, runs, "forward, input gradient and weight gradient in cuDNN");
            }
        }
    }

    /**
     * Autocast rounds x and w (or dy) to the format (unit roundoff u: 2^-8 for BF16, 2^-11 for F16), cuDNN multiplies
     * exactly into F32 and sums K products in F32, and rounds the result to the format. With A = sum |x_i w_i| (the
     * same op on absolute values) and E the exact result, |got - E| <= (2u + 3u^2 + K 2^-23) A + u |E|, plus
     * K 2^-24 for F16 inputs in the subnormal range; the test allows twice that for algorithms that round a
     * transformed operand once more (Winograd). The result must also differ from the F32 path's: the 16-bit path ran.
     */
    @ParameterizedTest
    @EnumSource(value = Autocast.Precision.class, names = {"BF16", "F16"})
    void autocastConvolutionsStayWithinTheFormatsRoundingBound(Autocast.Precision precision) {
        double u = precision == Autocast.Precision.BF16 ? 0x1p-8 : 0x1p-11;
        Conv2dParams p = Conv2dParams.of(1, 1);
        Shape xShape = Shape.of(4, 16, 12, 12), wShape = Shape.of(32, 16, 3, 3), yShape = Shape.of(4, 32, 12, 12);
        SplittableRandom rnd = new SplittableRandom(73);
        View x = Views.make(Kind.CONTIGUOUS, xShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        View w = Views.make(Kind.CONTIGUOUS, wShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        View gy = Views.make(Kind.TRANSPOSED, yShape, DType.F32, rnd, r -> Views.uniform(r, -1, 1));
        long before = cudnn().runs();
        assertWithinBound(precision + " conv2d", u, 16 * 9, x, w,
                (b, a, c) -> b.conv2d(a.on(b), a.layout(), c.on(b), c.layout(), p), precision);
        assertWithinBound(precision + " input gradient", u, 32 * 9, gy, w,
                (b, a, c) -> b.conv2dBackwardInput(a.on(b), a.layout(), c.on(b), c.layout(), xShape, p), precision);
        assertWithinBound(precision + " weight gradient", u, 4 * 12 * 12, gy, x,
                (b, a, c) -> b.conv2dBackwardWeight(a.on(b), a.layout(), c.on(b), c.layout(), wShape, p), precision);
        assertEquals(6, cudnn().runs() - before, "three ops in " + precision + " and three in F32, all in cuDNN");
        ConvPrecision reduced = precision == Autocast.Precision.BF16 ? ConvPrecision.BF16 : ConvPrecision.F16;
        assertNotNull(cudnn().plan(ConvKey.of(xShape, wShape, p, reduced)).algorithm(ConvDirection.FORWARD));
    }

    @FunctionalInterface
    private interface BinaryConv {
        Storage apply(Backend b, View first, View second);
    }

    private static void assertWithinBound(String what, double u, int k, View first, View second, BinaryConv op,
                                          Autocast.Precision precision) {
        Backend cuda = cuda();
        HostStorage exact = REFERENCE.download(op.apply(REFERENCE, withDtype(first, DType.F64), withDtype(second, DType.F64)));
        HostStorage sumOfAbs = REFERENCE.download(op.apply(REFERENCE, absolute(first), absolute(second)));
        HostStorage f32 = cuda.download(op.apply(cuda, first, second));
        HostStorage got;
        try (Autocast ignored = Autocast.enable(precision)) {
            got = cuda.download(op.apply(cuda, first, second));
        }
        assertEquals(DType.F32, got.dtype(), what + ": results stay F32");
        double worst = 0;
        boolean differs = false;
        for (int i = 0; i < exact.length(); i++) {
            double e = exact.getDouble(i), a = sumOfAbs.getDouble(i), v = got.getDouble(i);
            double bound = 2 * ((2 * u + 3 * u * u + k * 0x1p-23) * a + u * Math.abs(e)) + k * 0x1p-24;
            double err = Math.abs(v - e);
            if (!(err <= bound)) fail(what + ": element " + i + " exact " + e + " got " + v + ", beyond the bound " + bound);
            worst = Math.max(worst, err / bound);
            differs |= v != f32.getDouble(i);
        }
        System.out.println(what + ": worst error " + worst + " of the bound");
        assertTrue(differs, what + ": identical to the F32 result, so the " + precision + " path did not run");
    }

    private static View withDtype(View v, DType t) {
        HostStorage s = HostStorage.allocate(t, v.storage().length());
        for (int i = 0; i < s.length(); i++) s.setDouble(i, v.storage().getDouble(i));
        return new View(s, v.layout());
    }

    private static View absolute(View v) {
        HostStorage s = HostStorage.allocate(DType.F64, v.storage().length());
        for (int i = 0; i < s.length(); i++) s.setDouble(i, Math.abs(v.storage().getDouble(i)));
        return new View(s, v.layout());
    }
}
