package io.jgrad.testing;

import static io.jgrad.testing.NumericGradient.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.LossReduction;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mean squared error: {@link Backend#squaredError}, {@link Backend#squaredErrorSum} and
 * {@link Backend#squaredErrorBackward} on the backend under test against the reference (every input layout, offsets,
 * NaN and infinities, F32 and F64, empty, 0-d, SIMD tails and sizes for a kernel's threads), F64 finite-difference
 * gradients of {@link F#mseLoss} in prediction and target for every reduction (first and second order), the op against
 * the composed {@code (prediction - target).square()} and its reduction, and its errors.
 */
public abstract class MseLossContract extends KitSuite {
    private static final DType[] FLOATS = {DType.F32, DType.F64};
    private final Random rng = new Random(31);

    protected MseLossContract(BackendTestKit kit) { super(kit); }

    // ---- the backend ops ------------------------------------------------------------------------------------------

    static Stream<Arguments> inputKinds() {
        return Arrays.stream(Kind.values()).flatMap(k -> Arrays.stream(Kind.values()).map(l -> Arguments.of(k, l)));
    }

    /** Ordinary values of either sign. */
    private static double ordinary(SplittableRandom r) { return Views.uniform(r, -3, 3); }

    /** Ordinary values with NaN, infinities and both zeros among them. */
    private static double special(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? -0.0 : 0.0;
            default -> ordinary(r);
        };
    }

    /** 0-d, one element, SIMD tails, empty. */
    private static final Shape[] SHAPES = {Shape.scalar(), Shape.of(1), Shape.of(15), Shape.of(4, 17),
            Shape.of(3, 2, 33), Shape.of(0, 3)};
    /** Many sum blocks, enough for a kernel's threads: for contiguous x and y, the layout fused kernels take. */
    private static final Shape LARGE = Shape.of(300, 301);

    /** F32 and F64 over {@link #SHAPES} (and {@link #LARGE}) where each kind applies to the shape. */
    private static void forEachShape(Kind xKind, Kind yKind, BiConsumer<DType, Shape> check) {
        for (DType t : FLOATS) {
            for (Shape shape : SHAPES) {
                if (appliesTo(xKind, shape) && appliesTo(yKind, shape)) check.accept(t, shape);
            }
            if (xKind == Kind.CONTIGUOUS && yKind == Kind.CONTIGUOUS) check.accept(t, LARGE);
        }
    }

    private static boolean appliesTo(Kind kind, Shape shape) {
        return kind == Kind.CONTIGUOUS || (shape.numel() > 0 && kind.appliesTo(shape));
    }

    /** The squares and the gradient are single IEEE operations per element: the reference's bits on any backend. */
    @ParameterizedTest(name = "x {0} y {1}")
    @MethodSource("inputKinds")
    void squaresAndGradientsMatchTheReference(Kind xKind, Kind yKind) {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(41);
        forEachShape(xKind, yKind, (t, shape) -> {
            View x = Views.make(xKind, shape, t, rnd, MseLossContract::special);
            View y = Views.make(yKind, shape, t, rnd, MseLossContract::special);
            String what = t + " " + shape;
            assertSameBits("squaredError " + what, squares(REFERENCE, x, y), squares(b, x, y));
            for (Kind gKind : Kind.values()) {
                if (!appliesTo(gKind, shape)) continue;
                View g = Views.make(gKind, shape, t, rnd, MseLossContract::special);
                assertSameBits("squaredErrorBackward grad " + gKind + " " + what, gradient(REFERENCE, g, x, y),
                        gradient(b, g, x, y));
            }
            View one = oneValue(shape, t, rnd);
            assertSameBits("squaredErrorBackward of one upstream value " + what, gradient(REFERENCE, one, x, y),
                    gradient(b, one, x, y));
        });
    }

    /** A sum may add in another order: the reference's within the tolerance, NaN and infinities where it has them. */
    @ParameterizedTest(name = "x {0} y {1}")
    @MethodSource("inputKinds")
    void sumsMatchTheReference(Kind xKind, Kind yKind) {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(42);
        forEachShape(xKind, yKind, (t, shape) -> {
            for (ToDoubleFunction<SplittableRandom> values : List.<ToDoubleFunction<SplittableRandom>>of(
                    MseLossContract::ordinary, MseLossContract::special)) {
                View x = Views.make(xKind, shape, t, rnd, values), y = Views.make(yKind, shape, t, rnd, values);
                assertClose("squaredErrorSum " + t + " " + shape, sum(REFERENCE, x, y), sum(b, x, y));
            }
        });
    }

    /** Contiguous views that start past the beginning of their storage (a batch sliced off the front). */
    @Test
    void viewsAtAnOffset() {
        Backend b = backend();
        SplittableRandom rnd = new SplittableRandom(43);
        Shape whole = Shape.of(5, 37);
        for (DType t : FLOATS) {
            View x = new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, MseLossContract::ordinary).storage(),
                    Layout.contiguous(whole).narrow(0, 2, 3, 1));
            View y = new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, MseLossContract::ordinary).storage(),
                    Layout.contiguous(whole).narrow(0, 1, 3, 1));
            View g = new View(Views.make(Kind.CONTIGUOUS, whole, t, rnd, MseLossContract::ordinary).storage(),
                    Layout.contiguous(whole).narrow(0, 1, 3, 1));
            Shape rows = x.layout().shape();
            Layout lastOfFour = Layout.contiguous(Shape.of(4)).narrow(0, 3, 1, 1).reshapeView(Shape.scalar());
            View one = new View(Views.make(Kind.CONTIGUOUS, Shape.of(4), t, rnd, MseLossContract::ordinary).storage(),
                    lastOfFour.broadcastTo(rows, "test"));
            assertSameBits("squaredError at an offset " + t, squares(REFERENCE, x, y), squares(b, x, y));
            assertClose("squaredErrorSum at an offset " + t, sum(REFERENCE, x, y), sum(b, x, y));
            assertSameBits("squaredErrorBackward at an offset " + t, gradient(REFERENCE, g, x, y),
                    gradient(b, g, x, y));
            assertSameBits("squaredErrorBackward of one value at an offset " + t, gradient(REFERENCE, one, x, y),
                    gradient(b, one, x, y));
        }
    }

    /** One upstream value broadcast to the whole shape (every stride 0), as a reduced loss's gradient arrives. */
    private static View oneValue(Shape shape, DType t, SplittableRandom rnd) {
        View scalar = Views.make(Kind.CONTIGUOUS, Shape.scalar(), t, rnd, MseLossContract::ordinary);
        return new View(scalar.storage(), scalar.layout().broadcastTo(shape, "test"));
    }

    private static HostStorage squares(Backend be, View x, View y) {
        return be.download(be.squaredError(x.on(be), x.layout(), y.on(be), y.layout()));
    }

    private static HostStorage sum(Backend be, View x, View y) {
        return be.download(be.squaredErrorSum(x.on(be), x.layout(), y.on(be), y.layout()));
    }

    private static HostStorage gradient(Backend be, View g, View x, View y) {
        return be.download(be.squaredErrorBackward(g.on(be), g.layout(), x.on(be), x.layout(), y.on(be), y.layout()));
    }

    // ---- the Tensor API -------------------------------------------------------------------------------------------

    private void check(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        assertOnBackend(what + ": the inputs", inputs);
        NumericGradient.check(what, f, inputs);
    }

    @ParameterizedTest
    @EnumSource(LossReduction.class)
    void gradientsMatchFiniteDifferences(LossReduction r) {
        check("mse_loss " + r, in -> F.mseLoss(in.get(0), in.get(1), r), random(rng, 4, 5), random(rng, 4, 5));
        check("mse_loss of transposed and step-sliced views " + r,
                in -> F.mseLoss(in.get(0).t(), in.get(1).slice(1, 0, 9, 2), r), random(rng, 5, 3), random(rng, 3, 9));
        check("mse_loss of a broadcast target " + r, in -> F.mseLoss(in.get(0), in.get(1).expand(3, 4), r),
                random(rng, 3, 4), random(rng, 1, 4));
        check("mse_loss of 0-d tensors " + r, in -> F.mseLoss(in.get(0), in.get(1), r), random(rng), random(rng));
        check("mse_loss of empty tensors " + r, in -> F.mseLoss(in.get(0), in.get(1), r), random(rng, 0, 3),
                random(rng, 0, 3));
    }

    @ParameterizedTest
    @EnumSource(LossReduction.class)
    void gradientsOfGradientsMatchFiniteDifferences(LossReduction r) {
        GradCheck.checkSecondOrder(in -> F.mseLoss(in[0], in[1], r), leaves(random(rng, 3, 4), random(rng, 3, 4)));
        GradCheck.checkSecondOrder(in -> F.mseLoss(in[0].t(), in[1], r).mul(in[0].t()),
                leaves(random(rng, 4, 3), random(rng, 3, 4)));
    }

    private static Tensor[] leaves(Tensor... ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = ts[i].detach().requiresGrad(true);
        return out;
    }

    /** The op against {@code (p - t).square()} reduced, in F32 with both inputs requiring grad, on a large input. */
    @ParameterizedTest
    @EnumSource(LossReduction.class)
    void theOpAgreesWithTheComposedFormula(LossReduction r) {
        Generator gen = new Generator(5);
        Tensor p = Tensor.randn(gen, 32, 40, 37), t = Tensor.randn(gen, 32, 40, 37).mul(2);
        Tensor[] fused = leaves(p, t), composed = leaves(p, t);
        Tensor loss = F.mseLoss(fused[0], fused[1], r);
        assertEquals("mse_loss", loss.gradFn().description().name());
        Tensor squares = composed[0].sub(composed[1]).square();
        Tensor reference = switch (r) {
            case NONE -> squares;
            case MEAN -> squares.mean();
            case SUM -> squares.sum();
        };
        assertOnBackend("the loss", loss);
        assertEquals(reference.shape(), loss.shape());
        double tol = tolerance(DType.F32);
        assertTrue(loss.allClose(reference, tol, 0), "fused " + loss + " composed " + reference);
        Tensor upstream = r == LossReduction.NONE ? Tensor.randn(gen, 32, 40, 37) : Tensor.full(DType.F32, 0.7);
        loss.backward(upstream);
        reference.backward(upstream);
        for (int i = 0; i < 2; i++) {
            assertOnBackend("gradient " + i, fused[i].grad());
            assertTrue(fused[i].grad().allClose(composed[i].grad(), tol, 0),
                    "gradient " + i + ": fused " + fused[i].grad() + " composed " + composed[i].grad());
        }
    }

    @Test
    void aTargetThatNeedsNoGradientGetsNone() {
        Tensor p = random(rng, 3, 4).requiresGrad(true), t = random(rng, 3, 4);
        F.mseLoss(p, t, LossReduction.MEAN).backward();
        assertNull(t.grad(), "the target's gradient");
        Tensor expected = p.detach().sub(t).mul(2.0 / 12);
        assertTrue(p.grad().allClose(expected, 1e-12, 1e-15),
                "prediction gradient " + p.grad() + " expected " + expected);
    }

    @Test
    void mixedDtypesComputeInThePromotedOne() {
        Tensor p = Tensor.of(new float[] {1f, 2f, 4f}, 3).requiresGrad(true);
        Tensor t = Tensor.of(new double[] {0.5, 2, 1}, 3);
        Tensor loss = F.mseLoss(p, t, LossReduction.SUM);
        assertEquals(DType.F64, loss.dtype());
        assertEquals(9.25, loss.item(), 0);
        loss.backward();
        assertEquals(DType.F32, p.grad().dtype());
        assertTrue(p.grad().equalValues(Tensor.of(new float[] {1f, 0f, 6f}, 3)), "gradient " + p.grad());
        Tensor labels = Tensor.of(new long[] {1, 2, 3}, 3);
        assertEquals(DType.F32, F.mseLoss(p.detach(), labels, LossReduction.MEAN).dtype());
    }

    @Test
    void badInputIsRejected() {
        Tensor p = Tensor.zeros(2, 3);
        var shapes = assertThrows(IllegalArgumentException.class,
                () -> F.mseLoss(p, Tensor.zeros(3, 2), LossReduction.MEAN));
        assertEquals("mse_loss: prediction shape [2, 3] and target shape [3, 2] differ", shapes.getMessage());
        var integers = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.of(new long[] {1, 2}, 2),
                Tensor.of(new long[] {1, 3}, 2), LossReduction.SUM));
        assertEquals("mse_loss: needs a floating-point prediction or target, got I64 and I64", integers.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(p, p, null));
        assertEquals("mse_loss: reduction must not be null", none.getMessage());
    }
}
