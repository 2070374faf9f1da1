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
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.LayerNormGradients;
import io.jgrad.backend.LayerNormResult;
import io.jgrad.backend.Storage;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer normalization: {@link Backend#layerNorm} and {@link Backend#layerNormBackward} on the backend under test
 * against the reference (strided inputs, with and without the affine weight and bias, widths of one element, odd,
 * a vector multiple and past a thousand, enough rows for a kernel's threads), F64 finite-difference gradients of
 * {@link F#layerNorm} (first and second order), the op against the same formula in broadcasting tensor ops, and its
 * errors with PyTorch's words.
 */
public abstract class LayerNormContract extends KitSuite {
    private static final double EPS = 1e-5;
    private final Random rng = new Random(21);

    protected LayerNormContract(BackendTestKit kit) { super(kit); }

    /** M rows of N: empty, a single element, odd widths, a vector-width multiple, vector tails, many rows. */
    private static final int[][] SIZES = {{0, 4}, {1, 1}, {3, 7}, {5, 256}, {2, 1031}, {300, 256}, {70, 33}};

    static Stream<Arguments> spiCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Kind kind : new Kind[] {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED}) {
                for (String affine : new String[] {"none", "weight", "weight+bias", "bias"}) {
                    cases.add(Arguments.of(t, kind, affine));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("spiCases")
    void forwardAndBackwardMatchTheReference(DType t, Kind kind, String affine) {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int[] s : SIZES) {
            Shape rows = Shape.of(s[0], s[1]), columns = Shape.of(s[1]);
            // Rows with an offset of their own, so a kernel that lost the mean would be far off.
            View x = Views.make(kind, rows, t, rnd, r -> Views.uniform(r, 3, 5) * Views.uniform(r, -1, 1));
            View g = Views.make(kind, rows, t, rnd, r -> Views.uniform(r, -1, 1));
            View w = affine.contains("weight") ? Views.make(kind == Kind.CONTIGUOUS ? kind : Kind.STEP_SLICED, columns,
                    t, rnd, r -> Views.uniform(r, -2, 2)) : null;
            View b = affine.contains("bias") ? Views.make(Kind.STEP_SLICED, columns, t, rnd,
                    r -> Views.uniform(r, -1, 1)) : null;
            String what = "layer_norm " + t + " " + rows + " " + kind + " " + affine;
            HostStorage[] expected = run(REFERENCE, x, g, w, b), actual = run(backend(), x, g, w, b);
            String[] names = {"output", "mean", "rstd", "dx", "dweight", "dbias"};
            for (int i = 0; i < names.length; i++) {
                if (expected[i] == null) assertNull(actual[i], what + " " + names[i] + " was not asked for");
                else assertClose(what + " " + names[i], expected[i], actual[i]);
            }
        }
    }

    /** {output, mean, rstd, dx, dweight, dbias} downloaded from {@code backend}; a parameter's gradient where given. */
    private static HostStorage[] run(Backend backend, View x, View g, View w, View b) {
        Storage xs = x.on(backend), gs = g.on(backend);
        Storage ws = w == null ? null : w.on(backend), bs = b == null ? null : b.on(backend);
        Layout wl = w == null ? null : w.layout(), bl = b == null ? null : b.layout();
        LayerNormResult r = backend.layerNorm(xs, x.layout(), ws, wl, bs, bl, EPS);
        Layout perRow = Layout.contiguous(Shape.of(x.layout().shape().dim(0)));
        LayerNormGradients d = backend.layerNormBackward(gs, g.layout(), xs, x.layout(), r.mean(), perRow, r.rstd(),
                perRow, ws, wl, w != null, b != null);
        return new HostStorage[] {backend.download(r.output()), backend.download(r.mean()), backend.download(r.rstd()),
                backend.download(d.x()), d.weight() == null ? null : backend.download(d.weight()),
                d.bias() == null ? null : backend.download(d.bias())};
    }

    @Test
    void constantRowsNormalizeToZeroWithoutCancellation() {
        // A row of equal large values has variance 0: E[x^2] - E[x]^2 would cancel to noise, the deviations do not.
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.full(t, 1000.5, 3, 37);
            Tensor y = F.layerNorm(x, new int[] {37}, null, null, EPS);
            assertOnBackend("the output", y);
            for (double v : y.toDoubleArray()) assertEquals(0.0, v, 0.0, t + ": a constant row normalizes to 0");
        }
    }

    // ---- the Tensor API -------------------------------------------------------------------------------------------

    private void check(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        assertOnBackend(what + ": the inputs", inputs);
        NumericGradient.check(what, f, inputs);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = random(rng, 2, 3, 5), w = random(rng, 5), b = random(rng, 5);
        check("affine", in -> F.layerNorm(in.get(0), new int[] {5}, in.get(1), in.get(2), EPS), x, w, b);
        check("no affine", in -> F.layerNorm(in.get(0), new int[] {5}, null, null, EPS), x);
        check("weight only", in -> F.layerNorm(in.get(0), new int[] {5}, in.get(1), null, EPS), x, w);
        check("bias only", in -> F.layerNorm(in.get(0), new int[] {5}, null, in.get(1), EPS), x, b);
        Tensor w2 = random(rng, 3, 5), b2 = random(rng, 3, 5);
        check("two normalized axes", in -> F.layerNorm(in.get(0), new int[] {3, 5}, in.get(1), in.get(2), 0.1),
                x, w2, b2);
        Tensor row = random(rng, 6);
        check("one row, the whole input", in -> F.layerNorm(in.get(0), new int[] {6}, in.get(1), null, EPS), row,
                random(rng, 6));
    }

    @Test
    void gradientsOfNonContiguousInputs() {
        Tensor x = random(rng, 4, 3, 2), w = random(rng, 12), b = random(rng, 3);
        check("transposed input", in -> F.layerNorm(in.get(0).transpose(1, 2), new int[] {3}, in.get(1), null, EPS),
                x, b);
        check("permuted input, transposed weight", in -> F.layerNorm(in.get(0).permute(2, 0, 1), new int[] {4, 3},
                in.get(1).reshape(3, 4).transpose(0, 1), null, EPS), x, w);
    }

    @Test
    void gradientsOfGradientsMatchFiniteDifferences() {
        Tensor x = random(rng, 2, 4), w = random(rng, 4), b = random(rng, 4);
        GradCheck.checkSecondOrder(in -> F.layerNorm(in[0], new int[] {4}, in[1], in[2], EPS), leaves(x, w, b));
        GradCheck.checkSecondOrder(in -> F.layerNorm(in[0], new int[] {2, 3}, null, null, 0.01),
                leaves(random(rng, 2, 2, 3)));
    }

    private static Tensor[] leaves(Tensor... ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = ts[i].detach().requiresGrad(true);
        return out;
    }

    @Test
    void theOpAgreesWithTheFormulaInBroadcastingOps() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 4, 6, 40).mul(3).add(2), w = Tensor.randn(gen, 40), b = Tensor.randn(gen, 40);
        Tensor upstream = Tensor.randn(gen, 4, 6, 40);
        Tensor[] fused = leaves(x, w, b), composed = leaves(x, w, b);
        Tensor y = F.layerNorm(fused[0], new int[] {40}, fused[1], fused[2], EPS);
        assertEquals("layer_norm", y.gradFn().description().name());
        Tensor mean = composed[0].mean(new int[] {2}, true), centered = composed[0].sub(mean);
        Tensor reference = centered.mul(centered.square().mean(new int[] {2}, true).add(EPS).rsqrt())
                .mul(composed[1]).add(composed[2]);
        assertTrue(y.allClose(reference, 1e-4, 1e-5), "fused " + y + " composed " + reference);
        y.mul(upstream).sum().backward();
        reference.mul(upstream).sum().backward();
        for (int i = 0; i < 3; i++) {
            assertOnBackend("gradient " + i, fused[i].grad());
            assertTrue(fused[i].grad().allClose(composed[i].grad(), 1e-3, 1e-4),
                    "gradient " + i + ": fused " + fused[i].grad() + " composed " + composed[i].grad());
        }
    }

    @Test
    void anF64InputWithF32ParametersGivesF64AndF32Gradients() {
        Tensor x = random(rng, 3, 8).requiresGrad(true);
        Tensor w = Tensor.ones(8).requiresGrad(true), b = Tensor.zeros(8).requiresGrad(true);
        Tensor y = F.layerNorm(x, new int[] {8}, w, b, EPS);
        assertEquals(DType.F64, y.dtype());
        y.sum().backward();
        assertEquals(DType.F64, x.grad().dtype());
        assertEquals(DType.F32, w.grad().dtype());
        assertEquals(DType.F32, b.grad().dtype());
    }

    @Test
    void badInputIsRejectedWithPyTorchsWords() {
        Tensor x = Tensor.zeros(2, 3, 4);
        var shape = assertThrows(IllegalArgumentException.class, () -> F.layerNorm(x, new int[] {3}, null, null, EPS));
        assertEquals("layer_norm: given normalized_shape=[3], expected input with shape [*, 3], but got input of size"
                + " [2, 3, 4]", shape.getMessage());
        var longer = assertThrows(IllegalArgumentException.class,
                () -> F.layerNorm(x, new int[] {1, 2, 3, 4}, null, null, EPS));
        assertTrue(longer.getMessage().contains("[*, 1, 2, 3, 4]"), longer.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> F.layerNorm(x, new int[0], null, null, EPS));
        assertTrue(empty.getMessage().contains("at least 1-dimensional") && empty.getMessage().contains("= []"),
                empty.getMessage());
        var weight = assertThrows(IllegalArgumentException.class,
                () -> F.layerNorm(x, new int[] {3, 4}, Tensor.ones(12), null, EPS));
        assertEquals("layer_norm: expected weight to be of same shape as normalized_shape, but got weight of shape"
                + " [12] and normalized_shape = [3, 4]", weight.getMessage());
        var bias = assertThrows(IllegalArgumentException.class,
                () -> F.layerNorm(x, new int[] {4}, Tensor.ones(4), Tensor.zeros(5), EPS));
        assertEquals("layer_norm: expected bias to be of same shape as normalized_shape, but got bias of shape [5] and"
                + " normalized_shape = [4]", bias.getMessage());
    }
}
