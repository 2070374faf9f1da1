package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.testing.GradCheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The attention layers beyond PyTorch's golden values: bad input, MultiheadAttention's unbatched input and the
 * gradients of its kdim/vdim, bias_k/bias_v and zero-attention paths, dropout in training and evaluation, the
 * positional encodings' values, RMSNorm's default eps, a decoder stack's shapes and a finite-difference check through
 * the layer.
 */
class AttentionLayersTest {
    private static void assertMessage(Executable call, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
    }

    @Test
    void badInputNamesTheLayerTheArgumentAndTheShapes() {
        assertMessage(() -> new MultiheadAttention(10, 3), "MultiheadAttention", "embedDim 10", "numHeads 3");
        assertMessage(() -> TransformerSettings.of(10, 4), "dModel 10", "nhead 4");
        MultiheadAttention mha = new MultiheadAttention(8, 2);
        Tensor x = Tensor.zeros(5, 2, 8);
        // A 2-D query is unbatched input now (PyTorch's [length, E]); a 1-D or 4-D one is still wrong.
        assertMessage(() -> mha.forward(Tensor.zeros(5)), "MultiheadAttention", "query", "[5]");
        assertMessage(() -> mha.forward(Tensor.zeros(1, 5, 2, 8)), "MultiheadAttention", "query", "[1, 5, 2, 8]");
        assertMessage(() -> mha.forward(Tensor.zeros(5, 2, 6)), "MultiheadAttention", "query", "[length, batch, 8]", "[5, 2, 6]");
        assertMessage(() -> mha.call(Inputs.of(x, Tensor.zeros(4, 3, 8), Tensor.zeros(4, 3, 8))), "MultiheadAttention",
                "[5, 2, 8]", "[4, 3, 8]");
        assertMessage(() -> mha.call(Inputs.of(x, x, x).with("attnMask", Tensor.zeros(DType.BOOL, 4, 5))),
                "MultiheadAttention", "attnMask of shape [4, 5]", "[5, 5]", "[4, 5, 5]");
        assertMessage(() -> mha.call(Inputs.of(x, x, x).with("keyPaddingMask", Tensor.zeros(DType.BOOL, 5, 2))),
                "MultiheadAttention", "keyPaddingMask of shape [5, 2]", "[2, 5]");
        assertMessage(() -> new TransformerEncoderLayer(8, 2).forward(Tensor.zeros(5, 2, 4)), "MultiheadAttention", "[5, 2, 4]");
        assertMessage(() -> new SinusoidalPositionalEncoding(8, 4).forward(x), "SinusoidalPositionalEncoding",
                "sequence length 5 exceeds maxLen 4");
        assertMessage(() -> new LearnedPositionalEncoding(10, 8, true).forward(Tensor.zeros(2, 5, 6)),
                "LearnedPositionalEncoding", "[batch, length, 8]", "[2, 5, 6]");
        assertMessage(() -> new RMSNorm(4).forward(Tensor.zeros(2, 3)), "RMSNorm", "[2, 3]", "[4]");
    }

    @Test
    void badInputToTheNewOptionsNamesTheArgumentAndTheShapes() {
        assertMessage(() -> new MultiheadAttention(8, 2, 0, true, false, false, 0, 8, false), "MultiheadAttention",
                "kdim and vdim must be positive", "0 and 8");
        MultiheadAttention cross = new MultiheadAttention(6, 2, 0, true, true, true, 4, 5, false);
        Tensor q = Tensor.zeros(3, 2, 6), k = Tensor.zeros(7, 2, 4), v = Tensor.zeros(7, 2, 5);
        assertMessage(() -> cross.call(Inputs.of(q, Tensor.zeros(7, 2, 6), v)), "MultiheadAttention",
                "key of shape [length, batch, 4]", "[7, 2, 6]");
        assertMessage(() -> cross.call(Inputs.of(q, k, Tensor.zeros(7, 2, 4))), "MultiheadAttention",
                "value of shape [length, batch, 5]", "[7, 2, 4]");
        assertMessage(() -> cross.call(Inputs.of(q, k, Tensor.zeros(6, 2, 5))), "MultiheadAttention", "[3, 2, 6]",
                "[7, 2, 4]", "[6, 2, 5]");
        // Unbatched: key and value 2-D as the query, masks without the batch axis.
        Tensor uq = Tensor.zeros(3, 6), uk = Tensor.zeros(7, 4), uv = Tensor.zeros(7, 5);
        assertMessage(() -> cross.call(Inputs.of(uq, k, v)), "MultiheadAttention", "key of shape [length, 4]",
                "query is unbatched", "[7, 2, 4]");
        assertMessage(() -> cross.call(Inputs.of(uq, uk, uv).with("keyPaddingMask", Tensor.zeros(DType.BOOL, 1, 7))),
                "MultiheadAttention", "keyPaddingMask of shape [1, 7]", "[keys] = [7]", "unbatched");
        assertMessage(() -> cross.call(Inputs.of(uq, uk, uv).with("attnMask", Tensor.zeros(DType.BOOL, 4, 3, 7))),
                "MultiheadAttention", "attnMask of shape [4, 3, 7]", "[3, 7]", "[heads, queries, keys] = [2, 3, 7]");
        assertMessage(() -> cross.call(Inputs.of(q, k, v).with("attnMask", Tensor.zeros(DType.BOOL, 3, 8))),
                "MultiheadAttention", "attnMask of shape [3, 8]", "[3, 7]",
                "[batch * heads, queries, keys] = [4, 3, 7]");
    }

    @Test
    void unbatchedInputIsABatchOfOne() {
        MultiheadAttention mha = new MultiheadAttention(6, 3, 0, true, true, true, 4, 5, true);
        Generator g = new Generator(11);
        Tensor q = Tensor.randn(g, 4, 6), k = Tensor.randn(g, 5, 4), v = Tensor.randn(g, 5, 5);
        Tensor padding = Tensor.of(new boolean[] {false, true, false, false, false}, 5);
        Outputs one = mha.call(Inputs.of(q, k, v).with("keyPaddingMask", padding).with("isCausal", true)
                .with("averageAttnWeights", false));
        Outputs batch = mha.call(Inputs.of(q.unsqueeze(0), k.unsqueeze(0), v.unsqueeze(0))
                .with("keyPaddingMask", padding.unsqueeze(0)).with("isCausal", true).with("averageAttnWeights", false));
        assertEquals(Shape.of(4, 6), one.get("output").shape());
        assertEquals(Shape.of(3, 4, 7), one.get("weights").shape(), "heads, queries, keys and the 2 appended steps");
        assertTrue(batch.get("output").squeeze(0).allClose(one.get("output"), 1e-6, 1e-6));
        assertTrue(batch.get("weights").squeeze(0).allClose(one.get("weights"), 1e-6, 1e-6));
        double[] w = one.get("weights").to(DType.F64).toDoubleArray();
        assertEquals(0, w[1], "the padded key gets no weight");
        assertEquals(0, w[2], "query 0 does not see key 2 (causal)");
        assertTrue(w[5] > 0 && w[6] > 0, "every query sees bias_k and the zero step");
    }

    @Test
    void newOptionsGradientsMatchFiniteDifferences() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0, true, true, true, 3, 5, false);
        mha.to(DType.F64);
        Tensor q = GradCheck.leaf(21, -1, 1, 3, 2, 4), k = GradCheck.leaf(22, -1, 1, 4, 2, 3);
        Tensor v = GradCheck.leaf(23, -1, 1, 4, 2, 5);
        Tensor padding = Tensor.of(new boolean[] {false, false, true, false, false, false, false, true}, 2, 4);
        Tensor mask = GradCheck.leaf(24, -1, 1, 3, 4).requiresGrad(false);
        GradCheck.checkCaptured(() -> mha.call(Inputs.of(q, k, v).with("keyPaddingMask", padding)
                .with("attnMask", mask)).get("weights").square().sum(), mha.parameters().toArray(Tensor[]::new));
        GradCheck.checkAll(in -> mha.call(Inputs.of(in[0], in[1], in[2]).with("keyPaddingMask", padding)
                .with("isCausal", true).with("needWeights", false)).get(0), q, k, v);
        // Unbatched self-attention with the packed projection, bias_k/bias_v and the weights per head.
        MultiheadAttention self = new MultiheadAttention(4, 2, 0, false, true, false, 4, 4, false);
        self.to(DType.F64);
        Tensor x = GradCheck.leaf(25, -1, 1, 3, 4);
        GradCheck.check(in -> self.call(Inputs.of(in, in, in).with("averageAttnWeights", false)).get("weights"), x);
        GradCheck.checkCaptured(() -> self.call(Inputs.of(x, x, x).with("isCausal", true)).get(0).square().sum(),
                self.parameters().toArray(Tensor[]::new));
    }

    @Test
    void attentionDropoutAppliesInTrainingOnlyAndRepeatsWithItsGenerator() {
        MultiheadAttention mha = new MultiheadAttention(8, 2, 0.5, true, true);
        Tensor x = Tensor.randn(new Generator(1), 2, 6, 8);
        Tensor a = mha.generator(new Generator(3)).forward(x), b = mha.generator(new Generator(3)).forward(x);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        Tensor c = mha.generator(new Generator(4)).forward(x);
        assertFalse(a.allClose(c), "another seed drops other weights");
        mha.eval();
        Tensor weights = mha.call(Inputs.of(x, x, x)).get("weights");
        assertEquals(Shape.of(2, 6, 6), weights.shape());
        assertTrue(weights.sum(-1, false).allClose(Tensor.ones(2, 6), 1e-5, 1e-5), "rows of weights sum to 1 in eval");
        assertNull(mha.call(Inputs.of(x, x, x).with("needWeights", false)).getOrNull("weights"));
    }

    @Test
    void sinusoidalCodesAreSinesAndCosines() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(4, 8, true);
        double[] out = pe.forward(Tensor.zeros(DType.F64, 1, 3, 4)).toDoubleArray();
        for (int p = 0; p < 3; p++) {
            assertEquals(Math.sin(p), out[p * 4], 1e-15);
            assertEquals(Math.cos(p), out[p * 4 + 1], 1e-15);
            assertEquals(Math.sin(p / 100.0), out[p * 4 + 2], 1e-15);
            assertEquals(Math.cos(p / 100.0), out[p * 4 + 3], 1e-15);
        }
        // Time first: the same code for every sample of a position.
        Tensor t = new SinusoidalPositionalEncoding(4, 8).forward(Tensor.zeros(3, 2, 4));
        assertArrayEquals(t.select(1, 0).toFloatArray(), t.select(1, 1).toFloatArray());
    }

    @Test
    void learnedCodesAreTheFirstRowsOfTheWeight() {
        LearnedPositionalEncoding pe = new LearnedPositionalEncoding(6, 4);
        Tensor x = Tensor.ones(3, 2, 4);
        Tensor out = pe.forward(x);
        assertArrayEquals(pe.namedParameters().get("weight").narrow(0, 0, 3).add(1).toFloatArray(), out.select(1, 1).toFloatArray());
        out.sum().backward();
        float[] g = pe.namedParameters().get("weight").grad().toFloatArray();
        for (int i = 0; i < g.length; i++) assertEquals(i < 12 ? 2f : 0f, g[i], "gradient " + i);
    }

    @Test
    void rmsNormDefaultEpsIsTheDtypesMachineEpsilon() {
        RMSNorm norm = new RMSNorm(2);
        norm.to(DType.F64);
        double[] tiny = norm.forward(Tensor.of(new double[] {1e-9, 1e-9}, 1, 2)).toDoubleArray();
        assertEquals(1e-9 / Math.sqrt(1e-18 + Math.ulp(1.0)), tiny[0], 1e-12);
        RMSNorm f32 = new RMSNorm(2);
        float[] small = f32.forward(Tensor.of(new float[] {1e-3f, 1e-3f}, 1, 2)).toFloatArray();
        assertEquals(1e-3 / Math.sqrt(1e-6 + Math.ulp(1.0f)), small[0], 1e-5);
    }

    @Test
    void decoderStackKeepsTheTargetShapeAndTrainsEveryParameter() {
        TransformerSettings s = TransformerSettings.of(8, 2).dimFeedforward(16).dropout(0).batchFirst(true);
        TransformerDecoder decoder = new TransformerDecoder(s, 2, true);
        assertTrue(decoder.namedParameters().containsKey("layers.1.multihead_attn.in_proj_weight"));
        assertTrue(decoder.namedParameters().containsKey("norm.weight"));
        Tensor tgt = Tensor.randn(new Generator(2), 3, 4, 8), memory = Tensor.randn(new Generator(3), 3, 7, 8);
        Tensor out = decoder.call(Inputs.of(tgt, memory).with("tgtIsCausal", true)).get(0);
        assertEquals(Shape.of(3, 4, 8), out.shape());
        out.square().sum().backward();
        decoder.namedParameters().forEach((name, p) -> assertTrue(p.grad() != null, name + " has a gradient"));
    }

    @Test
    void encoderLayerGradientsMatchFiniteDifferences() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(TransformerSettings.of(4, 2).dimFeedforward(6)
                .dropout(0).activation(Activation.GELU).normFirst(true));
        layer.to(DType.F64);
        Tensor x = GradCheck.leaf(5, -1, 1, 3, 2, 4);
        Tensor padding = Tensor.of(new boolean[] {false, false, true, false, false, false}, 2, 3);
        GradCheck.checkCaptured(() -> layer.call(Inputs.of(x).with("srcKeyPaddingMask", padding).with("isCausal", true))
                .get(0).square().sum(), layer.parameters().toArray(Tensor[]::new));
        GradCheck.check(in -> layer.call(Inputs.of(in).with("srcKeyPaddingMask", padding)).get(0), x);
    }
}
