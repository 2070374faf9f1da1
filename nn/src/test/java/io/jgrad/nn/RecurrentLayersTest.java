package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shapes, options, bad input and the architecture registry of the recurrent layers and Embedding. */
class RecurrentLayersTest {
    private static Tensor input(int... shape) { return Tensor.randn(new Generator(1), shape); }

    @Test
    void parametersHaveTorchNamesShapesAndInitBounds() {
        LSTM lstm = new LSTM(3, 4);
        lstm.numLayers(2).bidirectional(true).generator(new Generator(2));
        Map<String, Tensor> p = lstm.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"), List.copyOf(p.keySet()));
        assertArrayEquals(new int[] {16, 3}, p.get("weight_ih_l0").dims());
        assertArrayEquals(new int[] {16, 8}, p.get("weight_ih_l1").dims());
        assertArrayEquals(new int[] {12, 4}, new GRU(5, 4).namedParameters().get("weight_hh_l0").dims());
        for (Tensor t : p.values()) {
            assertTrue(t.abs().max().item() <= 0.5, "U(-1/sqrt(H), 1/sqrt(H)) with H = 4");
        }
    }

    @Test
    void outputShapesForEveryOption() {
        Tensor x = input(2, 5, 3);
        RecurrentLayer gru = GRU.of(4).numLayers(2).bidirectional(true).batchFirst(true);
        Outputs out = gru.call(Inputs.of(x));
        assertArrayEquals(new int[] {2, 5, 8}, out.get("output").dims());
        assertArrayEquals(new int[] {4, 2, 4}, out.get("h").dims());
        assertEquals(3, gru.inputSize());
        gru.returnSequences(false);
        Tensor last = gru.forward(x);
        assertArrayEquals(new int[] {2, 8}, last.dims());
        // The forward half of the last step is the top layer's forward output at the last step.
        Tensor seq = gru.returnSequences(true).forward(x);
        assertArrayEquals(seq.select(1, 4).narrow(1, 0, 4).toDoubleArray(), last.narrow(1, 0, 4).toDoubleArray(), 0);
        assertArrayEquals(seq.select(1, 0).narrow(1, 4, 4).toDoubleArray(), last.narrow(1, 4, 4).toDoubleArray(), 0);
    }

    @Test
    void dropoutActsBetweenLayersInTrainingModeOnly() {
        Tensor x = input(6, 2, 3);
        RecurrentLayer lstm = new LSTM(3, 5).numLayers(2).dropout(0.5);
        lstm.eval();
        double[] a = lstm.forward(x).toDoubleArray(), b = lstm.forward(x).toDoubleArray();
        assertArrayEquals(a, b, 0);
        lstm.train();
        double[] c = lstm.forward(x).toDoubleArray();
        assertTrue(!java.util.Arrays.equals(a, c), "training mode drops between the layers");
    }

    @Test
    void badInputNamesTheLayerTheArgumentAndTheShapes() {
        LSTM lstm = new LSTM(3, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(input(5, 3)));
        assertTrue(e.getMessage().contains("LSTM: expected input of rank 3") && e.getMessage().contains("[5, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(input(5, 2, 7)));
        assertTrue(e.getMessage().contains("LSTM: expected input with 3 features") && e.getMessage().contains("[5, 2, 7]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.call(Inputs.of(input(5, 2, 3)).with("h0", input(2, 2, 4))));
        assertTrue(e.getMessage().contains("LSTM: expected h0 of shape [1, 2, 4]") && e.getMessage().contains("got [2, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> lstm.call(Inputs.of(input(5, 2, 3)).with("lengths", Tensor.of(new long[] {5, 6}, 2))));
        assertTrue(e.getMessage().contains("LSTM: lengths[1] = 6 is outside [1, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> lstm.call(Inputs.of(input(5, 2, 3)).with("lengths", Tensor.of(new long[] {5, 5, 5}, 3))));
        assertTrue(e.getMessage().contains("LSTM: expected lengths as an integer tensor [2]") && e.getMessage().contains("[3]"), e.getMessage());
        Embedding emb = new Embedding(10, 3);
        e = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(new long[] {1, 12}, 2)));
        assertTrue(e.getMessage().contains("Embedding: index 12") && e.getMessage().contains("table of 10 rows"), e.getMessage());
    }

    @Test
    void embeddingPaddingRowStartsAtZeroAndGetsNoGradient() {
        Embedding e = new Embedding(5, 3, 1, new Generator(3));
        assertArrayEquals(new double[3], e.weight().narrow(0, 1, 1).toDoubleArray(), 0);
        Tensor out = e.forward(Tensor.of(new long[] {1, 2, 1, 4}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 3}, out.dims());
        out.sum().backward();
        double[] g = e.weight().grad().toDoubleArray();
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1}, g, 0);
    }

    @Test
    void embeddingMaxNormRenormalizesLookedUpRows() {
        Embedding e = new Embedding(4, 2).maxNorm(1, 2);
        e.loadStateDict(Map.of("weight", Tensor.of(new float[] {3, 4, 0.3f, 0.4f, 6, 8, 1, 0}, 4, 2)), true);
        e.forward(Tensor.of(new long[] {0, 1}, 2));
        double[] w = e.weight().toDoubleArray();
        assertEquals(0.6, w[0], 1e-6);
        assertEquals(0.8, w[1], 1e-6);
        assertEquals(0.3, w[2], 1e-6);
        assertEquals(6, w[4], 0); // not looked up
    }

    @Test
    void architectureRoundTripsEveryRecurrentLayer() {
        Sequential model = new Sequential(new Embedding(20, 6, 0, null),
                GRU.of(8).numLayers(2).bidirectional(true).batchFirst(true).returnSequences(false), Dense.of(3));
        model.forward(Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3));
        String json = Architecture.toJson(model);
        Module rebuilt = Architecture.fromJson(json, "test");
        assertEquals(json, Architecture.toJson(rebuilt));
        rebuilt.loadStateDict(model.stateDict(), true);
        Tensor tokens = Tensor.of(new long[] {3, 1, 0, 9, 9, 2}, 2, 3);
        assertArrayEquals(model.forward(tokens).toDoubleArray(), rebuilt.forward(tokens).toDoubleArray(), 0);
        for (RecurrentLayer r : List.of(new SimpleRNN(2, 3, true), new LSTM(2, 3).dropout(0.25).bias(false))) {
            assertEquals(Architecture.toJson(r), Architecture.toJson(Architecture.fromJson(Architecture.toJson(r), "test")));
        }
        assertEquals(DType.F32, rebuilt.parameters().getFirst().dtype());
    }
}
