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
 * The attention layers beyond PyTorch's golden values: bad input, dropout in training and evaluation, the positional
 * encodings' values, RMSNorm's default eps, a decoder stack's shapes and a finite-difference check through the layer.
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
        assertMessage(() -> mha.forward(Tensor.zeros(5, 8)), "MultiheadAttention", "query", "[5, 8]");
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
