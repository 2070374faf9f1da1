package io.jgrad.testing;

import static io.jgrad.testing.NumericGradient.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.AttentionOptions;
import io.jgrad.AttentionOutput;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionParams;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;
import io.jgrad.testing.Views.Kind;
import io.jgrad.testing.Views.View;

import java.util.Arrays;
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
 * Scaled dot-product attention: {@link Backend#attention} and {@link Backend#attentionBackward} on the backend under
 * test against the reference (strided inputs, masks, causal, dropout, Tq != Tk, sizes for a kernel's blocks and
 * threads), F64 finite-difference gradients of {@link F#scaledDotProductAttention} (first and second order), the
 * fused op against the composed one that returns the weights, and its errors.
 */
public abstract class AttentionContract extends KitSuite {
    private final Random rng = new Random(12);

    protected AttentionContract(BackendTestKit kit) { super(kit); }

    /**
     * B, H, Tq, Tk, D, Dv: single elements, odd sizes, Tq != Tk both ways, several key blocks and rows, more query rows
     * than a backward block of 128 holds (the second block adds to dK and dV rows the first one wrote), keys that no
     * query sees when causal (their rows of dK and dV are zeroed rather than written by a product), sizes past a
     * multiple of 8 (a whole vector of 8 or 16 lanes plus a tail), and enough batch elements (17) for a backend to
     * split the work by batch element rather than by plane.
     */
    private static final int[][] SIZES = {{1, 1, 1, 1, 1, 1}, {2, 3, 5, 7, 4, 6}, {1, 2, 9, 3, 5, 2}, {2, 2, 40, 130, 32, 24},
            {1, 2, 19, 21, 12, 20}, {1, 1, 150, 70, 8, 20}, {1, 1, 128, 200, 4, 6}, {17, 3, 6, 5, 4, 3}};

    static Stream<Arguments> spiCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (Kind kind : new Kind[] {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.STEP_SLICED}) {
                for (String config : new String[] {"plain", "mask", "causal", "mask+causal+dropout", "dropout"}) {
                    cases.add(Arguments.of(t, kind, config));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("spiCases")
    void forwardAndBackwardMatchTheReference(DType t, Kind kind, String config) {
        compareWithTheReference(t, kind.toString(), config, (shape, rnd) -> Views.make(kind, shape, t, rnd,
                r -> Views.uniform(r, -2, 2)));
    }

    static Stream<Arguments> tokenMajorCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (String config : new String[] {"plain", "mask+causal+dropout"}) cases.add(Arguments.of(t, config));
        }
        return cases.build();
    }

    /** Operands as the heads of projections: [B, T, H, D] in memory seen as [B, H, T, D] (results may keep that order). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tokenMajorCases")
    void tokenMajorOperandsMatchTheReference(DType t, String config) {
        compareWithTheReference(t, "token-major", config, (shape, rnd) -> {
            Shape stored = Shape.of(shape.dim(0), shape.dim(2), shape.dim(1), shape.dim(3));
            View x = Views.make(Kind.CONTIGUOUS, stored, t, rnd, r -> Views.uniform(r, -2, 2));
            return new View(x.storage(), x.layout().permute(0, 2, 1, 3));
        });
    }

    private void compareWithTheReference(DType t, String layouts, String config,
                                         java.util.function.BiFunction<Shape, SplittableRandom, View> operand) {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int[] s : SIZES) {
            Shape qs = Shape.of(s[0], s[1], s[2], s[4]), ks = Shape.of(s[0], s[1], s[3], s[4]);
            Shape vs = Shape.of(s[0], s[1], s[3], s[5]), os = Shape.of(s[0], s[1], s[2], s[5]);
            View q = operand.apply(qs, rnd), k = operand.apply(ks, rnd), v = operand.apply(vs, rnd);
            View g = operand.apply(os, rnd);
            View mask = config.contains("mask") ? mask(t, s, rnd) : null;
            boolean causal = config.contains("causal");
            AttentionParams p = config.contains("dropout")
                    ? new AttentionParams(0.4, causal, 0.25, 77, 5) : AttentionParams.of(0.4, causal);
            String what = "attention " + t + " " + java.util.Arrays.toString(s) + " " + layouts + " " + config;
            HostStorage[] expected = run(REFERENCE, q, k, v, mask, g, p), actual = run(backend(), q, k, v, mask, g, p);
            String[] names = {"output", "logsumexp", "dq", "dk", "dv"};
            for (int i = 0; i < names.length; i++) assertClose(what + " " + names[i], expected[i], actual[i]);
        }
    }

    /** An additive mask [B, 1, Tq, Tk] seen as [B, H, Tq, Tk]: values in [-1, 1], -inf at a few keys (never all). */
    private static View mask(DType t, int[] s, SplittableRandom rnd) {
        Shape shape = Shape.of(s[0], 1, s[2], s[3]);
        View m = Views.make(Kind.CONTIGUOUS, shape, t, rnd, r -> Views.uniform(r, -1, 1));
        for (int i = 0; i < m.storage().length(); i++) {
            if (i % s[3] != 0 && i % 3 == 1) m.storage().setDouble(i, Double.NEGATIVE_INFINITY);
        }
        return new View(m.storage(), m.layout().broadcastTo(Shape.of(s[0], s[1], s[2], s[3]), "test"));
    }

    /** {output, logsumexp, dq, dk, dv} downloaded from {@code b}, each in contiguous order whatever its layout. */
    private static HostStorage[] run(Backend b, View q, View k, View v, View mask, View g, AttentionParams p) {
        Storage qs = q.on(b), ks = k.on(b), vs = v.on(b), gs = g.on(b), ms = mask == null ? null : mask.on(b);
        Layout ml = mask == null ? null : mask.layout();
        AttentionResult r = b.attention(qs, q.layout(), ks, k.layout(), vs, v.layout(), ms, ml, p);
        Shape os = Shape.of(q.layout().shape().dim(0), q.layout().shape().dim(1), q.layout().shape().dim(2),
                v.layout().shape().dim(3));
        Shape ls = Shape.of(os.dim(0), os.dim(1), os.dim(2));
        Layout outLayout = AttentionResult.layoutOf(os, r.tokenMajor());
        AttentionGradients d = b.attentionBackward(gs, g.layout(), qs, q.layout(), ks, k.layout(), vs, v.layout(),
                ms, ml, r.output(), outLayout, r.logsumexp(), Layout.contiguous(ls), p);
        boolean major = d.tokenMajor();
        return new HostStorage[] {dense(b, r.output(), outLayout), b.download(r.logsumexp()),
                dense(b, d.q(), AttentionResult.layoutOf(q.layout().shape(), major)),
                dense(b, d.k(), AttentionResult.layoutOf(k.layout().shape(), major)),
                dense(b, d.v(), AttentionResult.layoutOf(v.layout().shape(), major))};
    }

    private static HostStorage dense(Backend b, Storage s, Layout layout) {
        return b.download(b.copy(s, layout, s.dtype()));
    }

    // ---- gradients through the Tensor API -------------------------------------------------------------------------

    private void check(String what, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        assertOnBackend(what + ": the inputs", inputs);
        NumericGradient.check(what, f, inputs);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor q = random(rng, 2, 2, 3, 4), k = random(rng, 2, 2, 5, 4), v = random(rng, 2, 2, 5, 3);
        check("plain", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2)), q, k, v);
        AttentionOptions scaled = AttentionOptions.defaults().scale(1.7);
        check("scale 1.7", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), scaled), q, k, v);
    }

    @Test
    void causalGradientsWithMoreOrFewerKeysThanQueries() {
        AttentionOptions causal = AttentionOptions.defaults().causal(true);
        Tensor q = random(rng, 1, 2, 4, 3), k = random(rng, 1, 2, 6, 3), v = random(rng, 1, 2, 6, 2);
        check("causal Tq < Tk", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), causal), q, k, v);
        Tensor q2 = random(rng, 1, 2, 5, 3), k2 = random(rng, 1, 2, 3, 3), v2 = random(rng, 1, 2, 3, 2);
        check("causal Tq > Tk", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), causal), q2, k2, v2);
    }

    @Test
    void maskedGradients() {
        Tensor q = random(rng, 2, 2, 3, 4), k = random(rng, 2, 2, 4, 4), v = random(rng, 2, 2, 4, 3);
        Tensor seen = Tensor.of(new boolean[] {true, false, true, true, true, true, false, false, false, true, true, true}, 3, 4);
        AttentionOptions bool = AttentionOptions.defaults().attnMask(seen);
        check("bool mask", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), bool), q, k, v);
        Tensor padding = Tensor.of(new boolean[] {false, false, false, true, false, true, false, false}, 2, 4);
        AttentionOptions padded = AttentionOptions.defaults().keyPaddingMask(padding).causal(true);
        check("key padding + causal", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), padded), q, k, v);
        Tensor additive = random(rng, 2, 1, 1, 4);
        AttentionOptions both = AttentionOptions.defaults().attnMask(additive).keyPaddingMask(padding);
        check("additive mask + key padding", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2), both), q, k, v);
    }

    @Test
    void gradientsOfNonContiguousInputs() {
        // [B, T, H, D] laid out as a projection's output, seen as [B, H, T, D]; v transposed in its last two axes.
        Tensor q = random(rng, 2, 3, 2, 4), k = random(rng, 2, 5, 2, 4), v = random(rng, 2, 2, 3, 5);
        check("permuted views", in -> F.scaledDotProductAttention(in.get(0).permute(0, 2, 1, 3),
                in.get(1).permute(0, 2, 1, 3), in.get(2).transpose(2, 3), AttentionOptions.defaults().causal(true)), q, k, v);
    }

    @Test
    void dropoutGradients() {
        Tensor q = random(rng, 1, 2, 4, 3), k = random(rng, 1, 2, 5, 3), v = random(rng, 1, 2, 5, 2);
        // A fresh generator for every evaluation: each one then draws the same mask.
        check("dropout", in -> F.scaledDotProductAttention(in.get(0), in.get(1), in.get(2),
                AttentionOptions.defaults().dropout(0.3, new Generator(5))), q, k, v);
    }

    @Test
    void gradientsOfGradientsMatchFiniteDifferences() {
        Tensor q = random(rng, 1, 2, 3, 2), k = random(rng, 1, 2, 4, 2), v = random(rng, 1, 2, 4, 2);
        Tensor padding = Tensor.of(new boolean[] {false, true, false, false}, 1, 4);
        GradCheck.checkSecondOrder(in -> F.scaledDotProductAttention(in[0], in[1], in[2],
                AttentionOptions.defaults().causal(true).keyPaddingMask(padding)), leaves(q, k, v));
        GradCheck.checkSecondOrder(in -> F.scaledDotProductAttention(in[0], in[1], in[2],
                AttentionOptions.defaults().dropout(0.2, new Generator(3))), leaves(q, k, v));
    }

    private static Tensor[] leaves(Tensor... ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = ts[i].detach().requiresGrad(true);
        return out;
    }

    @Test
    void theFusedOpAgreesWithTheComposedOneThatReturnsTheWeights() {
        Generator g = new Generator(9);
        Tensor q = Tensor.randn(g, 2, 3, 6, 8), k = Tensor.randn(g, 2, 3, 9, 8), v = Tensor.randn(g, 2, 3, 9, 4);
        Tensor padding = Tensor.of(new boolean[] {false, false, false, false, false, false, false, true, true,
                false, false, false, false, false, false, false, false, false}, 2, 9);
        AttentionOptions o = AttentionOptions.defaults().causal(true).keyPaddingMask(padding).dropout(0.2, new Generator(4));
        Tensor fused = F.scaledDotProductAttention(q, k, v, o);
        AttentionOutput composed = F.scaledDotProductAttentionWithWeights(q, k, v, o.dropout(0.2, new Generator(4)));
        assertOnBackend("the outputs", fused, composed.output(), composed.weights());
        assertEquals(Shape.of(2, 3, 6, 9), composed.weights().shape());
        assertTrue(fused.allClose(composed.output(), 1e-4, 1e-5), "fused " + fused + " composed " + composed.output());
        // Padded keys and keys after the query get no weight.
        float[] w = composed.weights().toFloatArray();
        for (int i = 0; i < 6; i++) for (int j = 0; j < 9; j++) {
            if (j > i || j >= 7) assertEquals(0f, w[((1 * 3 + 2) * 6 + i) * 9 + j], "weight " + i + ", " + j);
        }
    }

    @Test
    void dropoutIsReproducibleAndKeepsTheExpectedShare() {
        Tensor q = Tensor.zeros(1, 1, 64, 4), k = Tensor.zeros(1, 1, 64, 4), v = Tensor.ones(1, 1, 64, 1);
        AttentionOptions o = AttentionOptions.defaults().dropout(0.5, new Generator(11));
        float[] first = F.scaledDotProductAttention(q, k, v, o).toFloatArray();
        assertArrayEquals(first, F.scaledDotProductAttention(q, k, v, o.dropout(0.5, new Generator(11))).toFloatArray());
        // Uniform weights 1/64 each, kept ones doubled: each output is 2 * kept / 64; about half are kept.
        double mean = 0;
        for (float x : first) mean += x / first.length;
        assertEquals(1.0, mean, 0.1);
        // Each output is 2 * Binomial(64, 1/2) / 64, of variance 1/64; without dropout all would be exactly 1.
        double variance = 0;
        for (float x : first) variance += (x - mean) * (x - mean) / first.length;
        assertTrue(variance > 0.005 && variance < 0.04, "variance of the dropped-out outputs " + variance);
        assertFalse(Arrays.equals(first, F.scaledDotProductAttention(q, k, v, o.dropout(0.5, new Generator(12)))
                .toFloatArray()), "another seed draws another mask");
    }

    @Test
    void badInputIsRejectedWithTheShapes() {
        Tensor q = Tensor.zeros(2, 2, 3, 4), k = Tensor.zeros(2, 2, 5, 4), v = Tensor.zeros(2, 2, 5, 3);
        var rank = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q.select(0, 0), k, v));
        assertTrue(rank.getMessage().contains("rank 4") && rank.getMessage().contains("[2, 3, 4]"), rank.getMessage());
        var features = assertThrows(IllegalArgumentException.class,
                () -> F.scaledDotProductAttention(q, Tensor.zeros(2, 2, 5, 3), v));
        assertTrue(features.getMessage().contains("[2, 2, 5, 3]"), features.getMessage());
        var mask = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, v,
                AttentionOptions.defaults().attnMask(Tensor.zeros(DType.BOOL, 3, 4))));
        assertTrue(mask.getMessage().contains("attn_mask of shape [3, 4]") && mask.getMessage().contains("[2, 2, 3, 5]"),
                mask.getMessage());
        var padding = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, v,
                AttentionOptions.defaults().keyPaddingMask(Tensor.zeros(DType.BOOL, 2, 4))));
        assertTrue(padding.getMessage().contains("key_padding_mask of shape [2, 4]"), padding.getMessage());
    }
}
