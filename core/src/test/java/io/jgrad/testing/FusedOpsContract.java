package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.AdamStep;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused SPI ops a backend overrides for training speed ({@link Backend#linear}, {@link Backend#linearRelu},
 * {@link Backend#adamUpdate}, {@link Backend#reluBackward}, {@link Backend#geluBackward}, batch normalization's
 * channel ops) on the backend under test against the reference backend, on contiguous and strided views, SIMD tails
 * and parallel-sized inputs.
 */
public abstract class FusedOpsContract extends KitSuite {
    private static final DType[] FLOATS = {DType.F32, DType.F64};

    protected FusedOpsContract(BackendTestKit kit) { super(kit); }

    static Stream<Arguments> linearCases() {
        Kind[] kinds = {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED};
        return Arrays.stream(kinds).flatMap(k -> Arrays.stream(kinds).map(l -> Arguments.of(k, l)));
    }

    /** M, K, N: one element, SIMD tails, empty M and K, a GEMM large enough to run in parallel. */
    private static final int[][] MKN = {{1, 1, 1}, {15, 17, 16}, {17, 15, 33}, {0, 3, 4}, {4, 0, 5}, {33, 1, 17}, {128, 200, 70}};

    @ParameterizedTest(name = "x {0} w {1}")
    @MethodSource("linearCases")
    void linear(Kind xKind, Kind wKind) {
        Backend b = backend();
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

    @ParameterizedTest(name = "x {0} w {1}")
    @MethodSource("linearCases")
    void linearRelu(Kind xKind, Kind wKind) {
        Backend b = backend();
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
        return be.download(be.linear(x.on(be), x.layout(), w.on(be), w.layout(),
                bias == null ? null : bias.on(be), bias == null ? null : bias.layout()));
    }

    private static HostStorage runRelu(Backend be, View x, View w, View bias) {
        return be.download(be.linearRelu(x.on(be), x.layout(), w.on(be), w.layout(),
                bias == null ? null : bias.on(be), bias == null ? null : bias.layout()));
    }

    @Test
    void adamUpdate() {
        Backend b = backend();
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
        Storage sp = p.on(be), sg = g.on(be);
        Storage sm = m.on(be), sv = v.on(be);
        for (long step = 1; step <= 3; step++) {
            be.adamUpdate(new AdamStep(1e-2, 0.9, 0.999, 1e-8, step), sp, p.layout(), sg, g.layout(), sm, m.layout(), sv, v.layout());
        }
        return new HostStorage[] {be.download(sp), be.download(sm), be.download(sv)};
    }

    static Stream<Kind> writableKinds() { return Stream.of(Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED); }

    /**
     * [N, C, ...]: rank 2 and 3, SIMD tails (rest 30), a plane of exactly one vector, a parallel-sized batch, an empty
     * batch (moments of no values are NaN).
     */
    private static final Shape[] CHANNEL_SHAPES = {Shape.of(5, 3), Shape.of(3, 5, 7), Shape.of(4, 3, 5, 6),
            Shape.of(2, 2, 4, 4), Shape.of(16, 64, 14, 14), Shape.of(0, 3, 2, 2)};

    @ParameterizedTest(name = "{0}")
    @MethodSource("writableKinds")
    void batchNormChannelOps(Kind kind) {
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
                assertSameOnBoth("channelMoments " + what, r -> r.channelMoments(x.on(r), x.layout()));
                assertSameOnBoth("channelGradSums " + what,
                        r -> r.channelGradSums(g.on(r), g.layout(), x.on(r), x.layout(), center.on(r), center.layout()));
                for (boolean second : new boolean[] {false, true}) {
                    assertSameOnBoth("channelAffine " + (second ? "two terms " : "") + what,
                            r -> r.channelAffine(g.on(r), g.layout(), scale.on(r), scale.layout(),
                                    second ? x.on(r) : null, second ? x.layout() : null,
                                    second ? vScale.on(r) : null, second ? vScale.layout() : null, shift.on(r), shift.layout()));
                }
            }
        }
    }

    static Stream<Arguments> gradientAndInputKinds() {
        return Arrays.stream(Kind.values()).flatMap(k -> Arrays.stream(Kind.values()).map(l -> Arguments.of(k, l)));
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

    @ParameterizedTest(name = "grad {0} x {1}")
    @MethodSource("gradientAndInputKinds")
    void reluBackward(Kind gKind, Kind xKind) {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(23);
        forEachActivationShape(gKind, xKind, (t, shape) -> {
            View g = Views.make(gKind, shape, t, rnd, FusedOpsContract::reluValue);
            View x = Views.make(xKind, shape, t, rnd, FusedOpsContract::reluValue);
            assertSameBits("reluBackward " + t + " " + shape, runRelu(REFERENCE, g, x), runRelu(b, g, x));
        });
    }

    /**
     * reluBackwardInPlace against the reference's reluBackward: each view of the gradient holds it after the call, and
     * the rest of its storage (the gaps of a strided view) is left as it was.
     */
    @ParameterizedTest(name = "grad {0} x {1}")
    @MethodSource("gradientAndInputKinds")
    void reluBackwardInPlace(Kind gKind, Kind xKind) {
        assumeTrue(gKind.writable(), "cannot write through a broadcast view");
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(25);
        forEachActivationShape(gKind, xKind, (t, shape) -> {
            View g = Views.make(gKind, shape, t, rnd, FusedOpsContract::reluValue);
            View x = Views.make(xKind, shape, t, rnd, FusedOpsContract::reluValue);
            String what = "reluBackwardInPlace " + t + " " + shape;
            HostStorage got = runReluInPlace(b, g, x);
            assertSameBits(what, runReluInPlace(REFERENCE, g, x), got);
            HostStorage masked = runRelu(REFERENCE, g, x), before = g.storage();
            boolean[] written = new boolean[got.length()];
            for (int i = 0; i < shape.numel(); i++) { // the view's elements in row-major order, as reluBackward returns
                int[] index = new int[shape.rank()];
                for (int d = shape.rank() - 1, rest = i; d >= 0; rest /= shape.dim(d), d--) index[d] = rest % shape.dim(d);
                int at = g.layout().indexOf(index);
                written[at] = true;
                assertSameBits(what + " at " + Arrays.toString(index), one(masked, i), one(got, at));
            }
            for (int at = 0; at < got.length(); at++) {
                if (!written[at]) assertSameBits(what + " outside the view, " + at, one(before, at), one(got, at));
            }
        });
    }

    @Test
    void reluBackwardInPlaceAtAnOffset() {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(26);
        for (DType t : FLOATS) {
            View[] gx = rowsPastTheStart(t, rnd, FusedOpsContract::reluValue, FusedOpsContract::reluValue);
            assertSameBits("reluBackwardInPlace at an offset " + t, runReluInPlace(REFERENCE, gx[0], gx[1]),
                    runReluInPlace(b, gx[0], gx[1]));
        }
    }

    /** The whole storage of a copy of g after reluBackwardInPlace on {@code be}. */
    private static HostStorage runReluInPlace(Backend be, View g, View x) {
        Storage onBackend = g.on(be);
        be.reluBackwardInPlace(onBackend, g.layout(), x.on(be), x.layout());
        return be.download(onBackend);
    }

    private static HostStorage one(HostStorage s, int i) {
        HostStorage out = HostStorage.allocate(s.dtype(), 1);
        out.setDouble(0, s.getDouble(i));
        return out;
    }

    /** F32 and F64 with sizes around the vector lengths and one large enough to split over the threads. */
    private static void forEachActivationShape(Kind gKind, Kind xKind, BiConsumer<DType, Shape> check) {
        for (DType t : FLOATS) {
            for (Shape shape : new Shape[] {Shape.of(1), Shape.of(15), Shape.of(4, 17), Shape.of(3, 2, 33), Shape.of(300, 301)}) {
                if (gKind.appliesTo(shape) && xKind.appliesTo(shape)) check.accept(t, shape);
            }
        }
    }

    /** Contiguous views that start past the beginning of their storage (a batch sliced off the front). */
    @Test
    void reluBackwardAtAnOffset() {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(24);
        for (DType t : FLOATS) {
            View[] gx = rowsPastTheStart(t, rnd, FusedOpsContract::reluValue, FusedOpsContract::reluValue);
            assertSameBits("reluBackward at an offset " + t, runRelu(REFERENCE, gx[0], gx[1]), runRelu(b, gx[0], gx[1]));
        }
    }

    /** A gradient and an input: rows 2-4 and 1-3 of two contiguous [5, 37] storages. */
    private static View[] rowsPastTheStart(DType t, SplittableRandom rnd, ToDoubleFunction<SplittableRandom> gValues,
                                           ToDoubleFunction<SplittableRandom> xValues) {
        Shape whole = Shape.of(5, 37);
        Layout rows = Layout.contiguous(whole).narrow(0, 2, 3, 1), otherRows = Layout.contiguous(whole).narrow(0, 1, 3, 1);
        return new View[] {new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, gValues).storage(), rows),
                new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, xValues).storage(), otherRows)};
    }

    private static HostStorage runRelu(Backend be, View g, View x) {
        return be.download(be.reluBackward(g.on(be), g.layout(), x.on(be), x.layout()));
    }

    /** GELU's inputs: NaN, infinities, both zeros, the tails where erf and tanh saturate, and ordinary numbers. */
    private static double geluValue(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? -0.0 : 0.0;
            case 3 -> Views.uniform(r, -40, 40);
            default -> Views.uniform(r, -4, 4);
        };
    }

    /** Exact and tanh forms, F32 and F64, every pair of view kinds, sizes around the vector lengths and a large one. */
    @ParameterizedTest(name = "grad {0} x {1}")
    @MethodSource("gradientAndInputKinds")
    void geluBackward(Kind gKind, Kind xKind) {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(25);
        forEachActivationShape(gKind, xKind, (t, shape) -> {
            View g = Views.make(gKind, shape, t, rnd, r -> Views.uniform(r, -2, 2));
            View x = Views.make(xKind, shape, t, rnd, FusedOpsContract::geluValue);
            for (boolean tanh : new boolean[] {false, true}) {
                String what = "geluBackward" + (tanh ? " tanh " : " ") + t + " " + shape;
                assertClose(what, runGelu(REFERENCE, g, x, tanh), runGelu(b, g, x, tanh));
            }
        });
    }

    @Test
    void geluBackwardAtAnOffset() {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(26);
        for (DType t : FLOATS) {
            View[] gx = rowsPastTheStart(t, rnd, r -> Views.uniform(r, -2, 2), FusedOpsContract::geluValue);
            for (boolean tanh : new boolean[] {false, true}) {
                assertClose("geluBackward at an offset " + tanh + " " + t, runGelu(REFERENCE, gx[0], gx[1], tanh),
                        runGelu(b, gx[0], gx[1], tanh));
            }
        }
    }

    private static HostStorage runGelu(Backend be, View g, View x, boolean tanh) {
        return be.download(be.geluBackward(g.on(be), g.layout(), x.on(be), x.layout(), tanh));
    }
}
