package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.AdamStep;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;
import io.jgrad.cpu.Views.Kind;
import io.jgrad.cpu.Views.View;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused SPI ops added for training speed ({@link Backend#linear}, {@link Backend#adamUpdate},
 * {@link Backend#reluBackward}) on every available
 * backend against the reference backend's default (composed from primitives), in the style of BackendContractTest.
 */
class FusedOpsContractTest {
    private static final Backend REFERENCE = Backends.named("reference", Device.CPU);
    private static final DType[] FLOATS = {DType.F32, DType.F64};

    static Stream<BackendContractTest.Candidate> backends() { return BackendContractTest.backends(); }

    static Stream<Arguments> linearCases() {
        Kind[] kinds = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED};
        return backends().flatMap(b -> Arrays.stream(kinds).flatMap(k -> Arrays.stream(kinds).map(l -> Arguments.of(b, k, l))));
    }

    private static double tolerance(DType t) { return t == DType.F64 ? 1e-10 : 1e-4; }

    private static void assertClose(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        double tol = tolerance(expected.dtype());
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (!(Math.abs(e - a) <= tol + tol * Math.abs(e))) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    /** M, K, N: one element, SIMD tails, empty M and K, a GEMM large enough to run in parallel. */
    private static final int[][] MKN = {{1, 1, 1}, {15, 17, 16}, {17, 15, 33}, {0, 3, 4}, {4, 0, 5}, {33, 1, 17}, {128, 200, 70}};

    @ParameterizedTest(name = "{0} x {1} w {2}")
    @MethodSource("linearCases")
    void linear(BackendContractTest.Candidate c, Kind xKind, Kind wKind) {
        Backend b = c.backend();
        SplittableRandom rnd = new SplittableRandom(21);
        for (DType t : FLOATS) {
            for (int[] s : MKN) {
                View x = Views.make(xKind, Shape.of(s[0], s[1]), t, rnd, r -> Views.uniform(r, -2, 2));
                View w = Views.make(wKind, Shape.of(s[2], s[1]), t, rnd, r -> Views.uniform(r, -2, 2));
                View bias = Views.make(xKind == Kind.STEP_SLICED ? Kind.STEP_SLICED : Kind.CONTIGUOUS, Shape.of(s[2]), t, rnd, r -> Views.uniform(r, -2, 2));
                for (boolean withBias : new boolean[] {true, false}) {
                    String what = "linear " + t + " " + Arrays.toString(s) + (withBias ? " with bias" : " without bias");
                    assertClose(what, run(REFERENCE, x, w, withBias ? bias : null), run(b, x, w, withBias ? bias : null));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} x {1} w {2}")
    @MethodSource("linearCases")
    void linearRelu(BackendContractTest.Candidate c, Kind xKind, Kind wKind) {
        Backend b = c.backend();
        SplittableRandom rnd = new SplittableRandom(22);
        for (DType t : FLOATS) {
            for (int[] s : MKN) {
                View x = Views.make(xKind, Shape.of(s[0], s[1]), t, rnd, r -> Views.uniform(r, -2, 2));
                View w = Views.make(wKind, Shape.of(s[2], s[1]), t, rnd, r -> Views.uniform(r, -2, 2));
                View bias = Views.make(Kind.CONTIGUOUS, Shape.of(s[2]), t, rnd, r -> Views.uniform(r, -2, 2));
                for (boolean withBias : new boolean[] {true, false}) {
                    String what = "linearRelu " + t + " " + Arrays.toString(s) + (withBias ? " with bias" : " without bias");
                    HostStorage ref = runRelu(REFERENCE, x, w, withBias ? bias : null), got = runRelu(b, x, w, withBias ? bias : null);
                    assertClose(what, ref, got);
                    for (int i = 0; i < got.length(); i++) {
                        if (!(got.getDouble(i) >= 0)) fail(what + ": element " + i + " is " + got.getDouble(i) + ", not >= 0");
                    }
                }
            }
        }
    }

    private static HostStorage run(Backend be, View x, View w, View bias) {
        return be.download(be.linear(be.upload(x.copy().storage()), x.layout(), be.upload(w.copy().storage()), w.layout(),
                bias == null ? null : be.upload(bias.copy().storage()), bias == null ? null : bias.layout()));
    }

    private static HostStorage runRelu(Backend be, View x, View w, View bias) {
        return be.download(be.linearRelu(be.upload(x.copy().storage()), x.layout(), be.upload(w.copy().storage()), w.layout(),
                bias == null ? null : be.upload(bias.copy().storage()), bias == null ? null : bias.layout()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void adamUpdate(BackendContractTest.Candidate c) {
        Backend b = c.backend();
        SplittableRandom rnd = new SplittableRandom(22);
        // Sizes around the vector length and one large enough to split over the threads; writable views of every kind.
        for (DType t : FLOATS) {
            for (Shape shape : new Shape[] {Shape.of(1), Shape.of(15), Shape.of(4, 17), Shape.of(300, 301)}) {
                for (Kind kind : new Kind[] {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED}) {
                    if (!kind.appliesTo(shape)) continue;
                    View p = Views.make(kind, shape, t, rnd, r -> Views.uniform(r, -1, 1));
                    View g = Views.make(kind, shape, t, rnd, r -> Views.uniform(r, -1, 1));
                    View m = Views.make(kind, shape, t, rnd, r -> Views.uniform(r, -0.1, 0.1));
                    View v = Views.make(kind, shape, t, rnd, r -> Views.uniform(r, 0, 0.01));
                    HostStorage[] ref = adamSteps(REFERENCE, p, g, m, v), got = adamSteps(b, p, g, m, v);
                    String[] names = {"param", "exp_avg", "exp_avg_sq"};
                    for (int i = 0; i < 3; i++) {
                        assertClose("adamUpdate " + names[i] + " " + t + " " + shape + " " + kind, ref[i], got[i]);
                    }
                }
            }
        }
    }

    /** Three updates (so bias corrections and the moments' history matter) of copies of p, m, v: their final storages. */
    private static HostStorage[] adamSteps(Backend be, View p, View g, View m, View v) {
        Storage sp = be.upload(p.copy().storage()), sg = be.upload(g.copy().storage());
        Storage sm = be.upload(m.copy().storage()), sv = be.upload(v.copy().storage());
        for (long step = 1; step <= 3; step++) {
            be.adamUpdate(new AdamStep(1e-2, 0.9, 0.999, 1e-8, step), sp, p.layout(), sg, g.layout(), sm, m.layout(), sv, v.layout());
        }
        return new HostStorage[] {be.download(sp), be.download(sm), be.download(sv)};
    }

    static Stream<Arguments> channelCases() {
        Kind[] kinds = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED};
        return backends().flatMap(b -> Arrays.stream(kinds).map(k -> Arguments.of(b, k)));
    }

    /** [N, C, ...]: rank 2 and 3, SIMD tails (rest 30), a plane of exactly one vector, a parallel-sized batch. */
    private static final Shape[] CHANNEL_SHAPES = {Shape.of(5, 3), Shape.of(3, 5, 7), Shape.of(4, 3, 5, 6),
            Shape.of(2, 2, 4, 4), Shape.of(16, 64, 14, 14)};

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("channelCases")
    void batchNormChannelOps(BackendContractTest.Candidate c, Kind kind) {
        Backend b = c.backend();
        SplittableRandom rnd = new SplittableRandom(31);
        for (DType t : FLOATS) {
            for (Shape shape : CHANNEL_SHAPES) {
                Shape perChannel = Shape.of(shape.dim(1));
                // Activations with a large mean, which a one-pass variance would lose precision on.
                View x = Views.make(kind, shape, t, rnd, r -> Views.uniform(r, 40, 44));
                View g = Views.make(kind, shape, t, rnd, r -> Views.uniform(r, -2, 2));
                View center = Views.make(kind == Kind.STEP_SLICED ? Kind.STEP_SLICED : Kind.CONTIGUOUS, perChannel, t, rnd, r -> Views.uniform(r, 40, 44));
                View scale = Views.make(Kind.CONTIGUOUS, perChannel, t, rnd, r -> Views.uniform(r, -2, 2));
                View vScale = Views.make(Kind.CONTIGUOUS, perChannel, t, rnd, r -> Views.uniform(r, -2, 2));
                View shift = Views.make(Kind.CONTIGUOUS, perChannel, t, rnd, r -> Views.uniform(r, -2, 2));
                String what = t + " " + shape + " " + kind;
                assertClose("channelMoments " + what, REFERENCE.download(REFERENCE.channelMoments(x.storage(), x.layout())),
                        b.download(b.channelMoments(b.upload(x.copy().storage()), x.layout())));
                assertClose("channelGradSums " + what,
                        REFERENCE.download(REFERENCE.channelGradSums(g.storage(), g.layout(), x.storage(), x.layout(), center.storage(), center.layout())),
                        b.download(b.channelGradSums(b.upload(g.copy().storage()), g.layout(), b.upload(x.copy().storage()), x.layout(),
                                b.upload(center.copy().storage()), center.layout())));
                for (boolean second : new boolean[] {false, true}) {
                    HostStorage want = REFERENCE.download(REFERENCE.channelAffine(g.storage(), g.layout(), scale.storage(), scale.layout(),
                            second ? x.storage() : null, second ? x.layout() : null, second ? vScale.storage() : null,
                            second ? vScale.layout() : null, shift.storage(), shift.layout()));
                    HostStorage got = b.download(b.channelAffine(b.upload(g.copy().storage()), g.layout(),
                            b.upload(scale.copy().storage()), scale.layout(),
                            second ? b.upload(x.copy().storage()) : null, second ? x.layout() : null,
                            second ? b.upload(vScale.copy().storage()) : null, second ? vScale.layout() : null,
                            b.upload(shift.copy().storage()), shift.layout()));
                    assertClose("channelAffine " + (second ? "two terms " : "") + what, want, got);
                }
            }
        }
    }

    static Stream<Arguments> reluCases() {
        return backends().flatMap(b -> Arrays.stream(Kind.values()).flatMap(k -> Arrays.stream(Kind.values()).map(l -> Arguments.of(b, k, l))));
    }

    /** Gradient and input values: NaN, both zeros, and ordinary numbers of either sign. */
    private static double reluValue(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> 0.0;
            default -> Views.uniform(r, -2, 2);
        };
    }

    @ParameterizedTest(name = "{0} grad {1} x {2}")
    @MethodSource("reluCases")
    void reluBackward(BackendContractTest.Candidate c, Kind gKind, Kind xKind) {
        Backend b = c.backend();
        SplittableRandom rnd = new SplittableRandom(23);
        // Sizes around the vector lengths and one large enough to split over the threads.
        for (DType t : FLOATS) {
            for (Shape shape : new Shape[] {Shape.of(1), Shape.of(15), Shape.of(4, 17), Shape.of(3, 2, 33), Shape.of(300, 301)}) {
                if (!gKind.appliesTo(shape) || !xKind.appliesTo(shape)) continue;
                View g = Views.make(gKind, shape, t, rnd, FusedOpsContractTest::reluValue);
                View x = Views.make(xKind, shape, t, rnd, FusedOpsContractTest::reluValue);
                assertSameBits("reluBackward " + t + " " + shape, runRelu(REFERENCE, g, x), runRelu(b, g, x));
            }
        }
    }

    /** Contiguous views that start past the beginning of their storage (a batch sliced off the front). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void reluBackwardAtAnOffset(BackendContractTest.Candidate c) {
        Backend b = c.backend();
        SplittableRandom rnd = new SplittableRandom(24);
        for (DType t : FLOATS) {
            Shape whole = Shape.of(5, 37);
            Layout rows = Layout.contiguous(whole).narrow(0, 2, 3, 1), otherRows = Layout.contiguous(whole).narrow(0, 1, 3, 1);
            View g = new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, FusedOpsContractTest::reluValue).storage(), rows);
            View x = new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, FusedOpsContractTest::reluValue).storage(), otherRows);
            assertSameBits("reluBackward at an offset " + t, runRelu(REFERENCE, g, x), runRelu(b, g, x));
        }
    }

    private static HostStorage runRelu(Backend be, View g, View x) {
        return be.download(be.reluBackward(be.upload(g.copy().storage()), g.layout(), be.upload(x.copy().storage()), x.layout()));
    }

    /** Equal element by element, sign of zero included; any NaN matches any NaN. */
    private static void assertSameBits(String what, HostStorage expected, HostStorage actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.length(), actual.length(), what + ": length");
        for (int i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            boolean same = Double.isNaN(e) ? Double.isNaN(a) : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
            if (!same) fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }
}
