package io.jgrad.testing;

import static io.jgrad.testing.NumericGradient.random;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.AttentionOptions;
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

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Self-attention on a packed projection: {@link Backend#attentionBackwardInto} on the backend under test against the
 * reference's {@link Backend#attentionBackward} (gradients written into the thirds of one [B, T, 3E] buffer, into
 * views with an offset, and into views strided along the features, which a kernel may hand to the default), and
 * {@link F#packedSelfAttention} against {@link F#scaledDotProductAttention} on the thirds' head views, with F64
 * finite-difference gradients of first and second order and its errors.
 */
public abstract class PackedSelfAttentionContract extends KitSuite {
    private final Random rng = new Random(41);

    protected PackedSelfAttentionContract(BackendTestKit kit) { super(kit); }

    /** B, T, H, D: single elements, odd sizes, several of a kernel's key blocks. */
    private static final int[][] SIZES = {{1, 1, 1, 1}, {2, 5, 3, 2}, {2, 70, 2, 16}};

    static Stream<Arguments> spiCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (String into : new String[] {"thirds", "offset thirds", "strided features"}) {
                for (String config : new String[] {"plain", "mask+causal+dropout"}) cases.add(Arguments.of(t, into, config));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} into {1}, {2}")
    @MethodSource("spiCases")
    void gradientsWrittenIntoViewsMatchTheReference(DType t, String into, String config) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int[] s : SIZES) {
            int b = s[0], len = s[1], heads = s[2], d = s[3], e = heads * d;
            View qkv = Views.make(Kind.CONTIGUOUS, Shape.of(b, len, 3 * e), t, rnd, r -> Views.uniform(r, -2, 2));
            Layout[] thirds = headThirds(qkv.layout(), heads);
            View g = Views.make(Kind.CONTIGUOUS, Shape.of(b, heads, len, d), t, rnd, r -> Views.uniform(r, -2, 2));
            View mask = null;
            if (config.contains("mask")) {
                View m = Views.make(Kind.CONTIGUOUS, Shape.of(b, 1, 1, len), t, rnd, r -> Views.uniform(r, -1, 1));
                mask = new View(m.storage(), m.layout().broadcastTo(Shape.of(b, heads, len, len), "test"));
            }
            boolean causal = config.contains("causal");
            AttentionParams p = config.contains("dropout")
                    ? new AttentionParams(0.3, causal, 0.25, 19, 3) : AttentionParams.of(0.3, causal);
            String what = "packed attention " + t + " " + java.util.Arrays.toString(s) + " into " + into + " " + config;
            HostStorage[] expected = reference(qkv, thirds, g, mask, p);
            HostStorage[] actual = intoViews(backend(), qkv, thirds, g, mask, p, into, t, b, len, e, heads);
            String[] names = {"dq", "dk", "dv"};
            for (int i = 0; i < 3; i++) assertClose(what + " " + names[i], expected[i], actual[i]);
        }
    }

    /** The [B, H, T, D] views of the thirds of a [B, T, 3E] layout. */
    private static Layout[] headThirds(Layout packed, int heads) {
        Shape s = packed.shape();
        int b = s.dim(0), len = s.dim(1), e = s.dim(2) / 3;
        Layout[] thirds = new Layout[3];
        for (int i = 0; i < 3; i++) {
            thirds[i] = packed.narrow(2, i * e, e, 1).reshapeView(Shape.of(b, len, heads, e / heads)).permute(0, 2, 1, 3);
        }
        return thirds;
    }

    /** dq, dk, dv in contiguous order from the reference's attentionBackward. */
    private static HostStorage[] reference(View qkv, Layout[] l, View g, View mask, AttentionParams p) {
        Backend b = REFERENCE;
        Storage x = qkv.on(b), gs = g.on(b), ms = mask == null ? null : mask.on(b);
        Layout ml = mask == null ? null : mask.layout();
        AttentionResult r = b.attention(x, l[0], x, l[1], x, l[2], ms, ml, p);
        Layout outLayout = AttentionResult.layoutOf(l[0].shape(), r.tokenMajor());
        Layout lseLayout = Layout.contiguous(Shape.of(l[0].shape().dim(0), l[0].shape().dim(1), l[0].shape().dim(2)));
        AttentionGradients d = b.attentionBackward(gs, g.layout(), x, l[0], x, l[1], x, l[2], ms, ml, r.output(),
                outLayout, r.logsumexp(), lseLayout, p);
        Storage[] grads = {d.q(), d.k(), d.v()};
        HostStorage[] out = new HostStorage[3];
        for (int i = 0; i < 3; i++) {
            out[i] = b.download(b.copy(grads[i], AttentionResult.layoutOf(l[i].shape(), d.tokenMajor()), grads[i].dtype()));
        }
        return out;
    }

    /**
     * dq, dk, dv in contiguous order from {@code b}'s attentionBackwardInto, written into one buffer: the thirds of a
     * [B, T, 3E] buffer, the same 5 elements into a longer one (one more step per batch), or a [B, T, D, 3H] buffer
     * whose features are strided.
     */
    private static HostStorage[] intoViews(Backend b, View qkv, Layout[] l, View g, View mask, AttentionParams p,
                                           String into, DType t, int batch, int len, int e, int heads) {
        Storage x = qkv.on(b), gs = g.on(b), ms = mask == null ? null : mask.on(b);
        Layout ml = mask == null ? null : mask.layout();
        AttentionResult r = b.attention(x, l[0], x, l[1], x, l[2], ms, ml, p);
        Layout outLayout = AttentionResult.layoutOf(l[0].shape(), r.tokenMajor());
        Layout lseLayout = Layout.contiguous(Shape.of(batch, heads, len));
        Layout[] targets;
        int length = batch * len * 3 * e;
        switch (into) {
            case "thirds" -> targets = headThirds(Layout.contiguous(Shape.of(batch, len, 3 * e)), heads);
            case "offset thirds" -> {
                length = batch * (len + 1) * 3 * e + 5;
                Layout shifted = Layout.contiguous(Shape.of(batch, len + 1, 3 * e)).narrow(1, 0, len, 1);
                targets = headThirds(new Layout(shifted.shape(), shifted.strides(), 5), heads);
            }
            case "strided features" -> {
                // Stored [B, T, D, 3H]: each head's features are 3H apart.
                int d = e / heads;
                Layout stored = Layout.contiguous(Shape.of(batch, len, d, 3 * heads)).permute(0, 1, 3, 2);
                targets = new Layout[3];
                for (int i = 0; i < 3; i++) targets[i] = stored.narrow(2, i * heads, heads, 1).permute(0, 2, 1, 3);
            }
            default -> throw new IllegalArgumentException(into);
        }
        Storage buffer = b.full(t, length, Double.NaN); // every element of the views must be written
        b.attentionBackwardInto(gs, g.layout(), x, l[0], x, l[1], x, l[2], ms, ml, r.output(), outLayout,
                r.logsumexp(), lseLayout, p, buffer, targets[0], targets[1], targets[2]);
        HostStorage[] out = new HostStorage[3];
        for (int i = 0; i < 3; i++) out[i] = b.download(b.copy(buffer, targets[i], t));
        return out;
    }

    // ---- the Tensor API ------------------------------------------------------------------------------------------

    /** q, k, v as F.packedSelfAttention sees them: the thirds of qkv in heads, through recorded views. */
    private static Tensor composed(Tensor qkv, int heads, AttentionOptions o) {
        List<Tensor> thirds = qkv.chunk(3, -1);
        Tensor[] hv = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            Tensor x = thirds.get(i);
            hv[i] = x.reshape(x.dim(0), x.dim(1), heads, x.dim(2) / heads).permute(0, 2, 1, 3);
        }
        return F.scaledDotProductAttention(hv[0], hv[1], hv[2], o);
    }

    @Test
    void agreesWithAttentionOnTheThirdsForwardAndBackward() {
        Tensor padding = Tensor.of(new boolean[] {false, false, true, false, false, false, false, true, false,
                false}, 2, 5);
        for (String config : new String[] {"plain", "causal + key padding", "dropout"}) {
            for (DType t : new DType[] {DType.F32, DType.F64}) {
                Tensor x = Tensor.randn(new Generator(3), t, 2, 5, 12);
                AttentionOptions[] o = new AttentionOptions[2];
                for (int i = 0; i < 2; i++) {
                    o[i] = switch (config) {
                        case "plain" -> AttentionOptions.defaults();
                        case "causal + key padding" -> AttentionOptions.defaults().causal(true).keyPaddingMask(padding);
                        default -> AttentionOptions.defaults().dropout(0.3, new Generator(8));
                    };
                }
                Tensor a = x.detach().requiresGrad(true), c = x.detach().requiresGrad(true);
                Tensor packed = F.packedSelfAttention(a, 2, o[0]), expected = composed(c, 2, o[1]);
                assertOnBackend(config + " " + t, packed, expected);
                double tol = t == DType.F32 ? 1e-5 : 1e-12;
                assertTrue(packed.allClose(expected, tol, tol), config + " " + t + ": " + packed + " vs " + expected);
                Tensor weights = Tensor.randn(new Generator(5), t, 2, 2, 5, 2);
                packed.mul(weights).sum().backward();
                expected.mul(weights).sum().backward();
                assertTrue(a.grad().allClose(c.grad(), tol, tol), config + " " + t + " gradient: " + a.grad() + " vs "
                        + c.grad());
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor qkv = random(rng, 2, 3, 18);
        NumericGradient.check("plain", in -> F.packedSelfAttention(in.get(0), 2, AttentionOptions.defaults()), qkv);
        Tensor padding = Tensor.of(new boolean[] {false, true, false, false, false, false}, 2, 3);
        NumericGradient.check("causal + key padding", in -> F.packedSelfAttention(in.get(0), 3,
                AttentionOptions.defaults().causal(true).keyPaddingMask(padding)), qkv);
        NumericGradient.check("dropout", in -> F.packedSelfAttention(in.get(0), 1,
                AttentionOptions.defaults().dropout(0.3, new Generator(5))), qkv);
    }

    @Test
    void gradientsOfGradientsMatchFiniteDifferences() {
        Tensor qkv = random(rng, 1, 3, 6).detach().requiresGrad(true);
        GradCheck.checkSecondOrder(in -> F.packedSelfAttention(in[0], 2, AttentionOptions.defaults().causal(true)),
                new Tensor[] {qkv});
    }

    @Test
    void badInputIsRejectedWithTheShape() {
        var rank = assertThrows(IllegalArgumentException.class,
                () -> F.packedSelfAttention(Tensor.zeros(5, 12), 2, AttentionOptions.defaults()));
        assertTrue(rank.getMessage().contains("[5, 12]") && rank.getMessage().contains("2 heads"), rank.getMessage());
        var split = assertThrows(IllegalArgumentException.class,
                () -> F.packedSelfAttention(Tensor.zeros(2, 5, 12), 5, AttentionOptions.defaults()));
        assertTrue(split.getMessage().contains("[2, 5, 12]") && split.getMessage().contains("5 heads"),
                split.getMessage());
        var none = assertThrows(IllegalArgumentException.class,
                () -> F.packedSelfAttention(Tensor.zeros(2, 5, 12), 0, AttentionOptions.defaults()));
        assertTrue(none.getMessage().contains("0 heads"), none.getMessage());
        var integer = assertThrows(IllegalArgumentException.class,
                () -> F.packedSelfAttention(Tensor.zeros(DType.I32, 2, 5, 12), 2, AttentionOptions.defaults()));
        assertTrue(integer.getMessage().contains("floating"), integer.getMessage());
    }
}
