package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.PaddingMode;
import io.jgrad.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every registered layer type rebuilt from its JSON computes bit for bit what the original does. */
class ArchitectureTest {
    /** A layer with non-default settings, an input for it and how the layer is called with it. */
    private record Sample(Module layer, java.util.function.Function<Tensor, Inputs> inputs, int... inputShape) {
        Sample(Module layer, int... inputShape) { this(layer, Inputs::of, inputShape); }

        /** The layer's first output for x. */
        Tensor run(Module m, Tensor x) { return m.call(inputs.apply(x)).get(0); }
    }

    private static Map<String, Sample> samples() {
        Map<String, Sample> s = new LinkedHashMap<>();
        s.put("Sequential", new Sample(new Sequential(new Dense(6, 5), new ReLU(), new Dense(5, 2)), 3, 6));
        s.put("Dense", new Sample(new Dense(6, 4).withoutBias().activation(io.jgrad.nn.Activation.leakyRelu(0.2)), 3,
                6));
        s.put("Conv1d", new Sample(new Conv1d(2, 4, 3).stride(2).padding(1).dilation(2).groups(2), 2, 2, 9));
        s.put("Conv2d", new Sample(new Sequential(new Conv2d(4, 6, 3, 2).stride(2).padding(1).groups(2).withoutBias(),
                new Conv2d(6, 2, 3).padding(PaddingMode.SAME)), 2, 4, 7, 7));
        s.put("ConvTranspose1d", new Sample(new ConvTranspose1d(4, 6, 3).stride(2).padding(1).outputPadding(1)
                .dilation(2).groups(2), 2, 4, 5));
        s.put("ConvTranspose2d", new Sample(new ConvTranspose2d(4, 2, 3).stride(2).padding(1).outputPadding(1)
                .groups(2).withoutBias(), 2, 4, 4, 4));
        s.put("DepthwiseConv2d", new Sample(new DepthwiseConv2d(3, 3, 2).stride(2).padding(2).dilation(2)
                .withoutBias(), 2, 3, 7, 7));
        s.put("SeparableConv2d", new Sample(new SeparableConv2d(3, 5, 3).padding(PaddingMode.SAME).dilation(2), 2, 3, 6,
                6));
        s.put("MaxPool2d", new Sample(new MaxPool2d(3).stride(2).padding(1).dilation(1).ceilMode(true), 2, 3, 8, 8));
        s.put("AvgPool2d", new Sample(new AvgPool2d(2).stride(1).padding(1).countIncludePad(false), 2, 3, 5, 5));
        s.put("MaxPool1d", new Sample(new MaxPool1d(3).stride(2).padding(1).dilation(2).ceilMode(true), 2, 3, 9));
        s.put("AvgPool1d", new Sample(new AvgPool1d(3).stride(2).padding(1).ceilMode(true).countIncludePad(false), 2, 3,
                8));
        s.put("BatchNorm1d", new Sample(new BatchNorm1d(5).eps(1e-3).momentum(0.2), 4, 5));
        s.put("BatchNorm2d", new Sample(new BatchNorm2d(3).affine(false), 2, 3, 4, 4));
        s.put("GroupNorm", new Sample(new GroupNorm(2, 4, 1e-3, false), 2, 4, 3, 3));
        s.put("InstanceNorm1d", new Sample(new InstanceNorm1d(3).affine(true).trackRunningStats(true).momentum(0.2)
                .eps(1e-3), 2, 3, 5));
        s.put("InstanceNorm2d", new Sample(new InstanceNorm2d(3).affine(true), 2, 3, 4, 4));
        s.put("LayerNorm", new Sample(new LayerNorm(new int[] {3, 4}, 1e-3, false), 2, 3, 4));
        s.put("Dropout", new Sample(new Dropout(0.3), 3, 4));
        s.put("ResidualBlock", new Sample(new ResidualBlock(3, 4, 2), 2, 3, 8, 8));
        s.put("TokenSequenceModel", new Sample(new TokenSequenceModel(new Embedding(10, 4, 0, null), null,
                new GRU(4, 3).batchFirst(true).returnSequences(false), TokenSequenceModel.Pooling.LAST,
                new Dense(3, 2)), 2, 3));
        s.put("GlobalAvgPool2d", new Sample(GlobalAvgPool2d.keepDims(), 2, 3, 4, 4));
        s.put("Flatten", new Sample(new Flatten(), 2, 3, 4));
        s.put("Identity", new Sample(new Identity(), 2, 3));
        s.put("ReLU", new Sample(new ReLU(), 2, 3));
        s.put("Sigmoid", new Sample(new Sigmoid(), 2, 3));
        s.put("Tanh", new Sample(new Tanh(), 2, 3));
        s.put("SiLU", new Sample(new SiLU(), 2, 3));
        s.put("GELU", new Sample(new GELU(true), 2, 3));
        s.put("LeakyReLU", new Sample(new LeakyReLU(0.2), 2, 3));
        s.put("ELU", new Sample(new ELU(0.5), 2, 3));
        s.put("Softplus", new Sample(new Softplus(2, 10), 2, 3));
        s.put("Softmax", new Sample(new Softmax(0), 2, 3));
        s.put("LogSoftmax", new Sample(new LogSoftmax(1), 2, 3));
        s.put("Embedding", new Sample(new Embedding(10, 4, 0, null).maxNorm(2, 2), 2, 3));
        s.put("SimpleRNN", new Sample(new SimpleRNN(3, 4, true).numLayers(2).bidirectional(true), 5, 2, 3));
        s.put("LSTM", new Sample(new LSTM(3, 4).batchFirst(true).returnSequences(false).bias(false), 2, 5, 3));
        s.put("GRU", new Sample(new GRU(3, 4).numLayers(2).dropout(0.2), 5, 2, 3));
        TransformerSettings t = TransformerSettings.of(8, 2).dimFeedforward(12).dropout(0.2).activation(Activation.GELU)
                .layerNormEps(1e-4).normFirst(true);
        s.put("RMSNorm", new Sample(new RMSNorm(new int[] {3, 4}, 1e-3, true), 2, 3, 4));
        s.put("MultiheadAttention", new Sample(new MultiheadAttention(8, 4, 0.1, false, true), x -> Inputs.of(x, x, x), 2, 5, 8));
        s.put("TransformerEncoderLayer", new Sample(new TransformerEncoderLayer(t), 5, 2, 8));
        s.put("TransformerEncoder", new Sample(new TransformerEncoder(t.batchFirst(true), 2, true), 2, 5, 8));
        // A decoder attends to a memory: the input itself here.
        s.put("TransformerDecoderLayer", new Sample(new TransformerDecoderLayer(t), x -> Inputs.of(x, x), 5, 2, 8));
        s.put("TransformerDecoder", new Sample(new TransformerDecoder(t, 2, false), x -> Inputs.of(x, x), 5, 2, 8));
        s.put("SinusoidalPositionalEncoding", new Sample(new SinusoidalPositionalEncoding(8, 10, true), 2, 5, 8));
        s.put("LearnedPositionalEncoding", new Sample(new LearnedPositionalEncoding(10, 8), 5, 2, 8));
        return s;
    }

    @Test
    void everyRegisteredTypeHasASample() {
        assertEquals(new TreeSet<>(Architecture.typeNames()), new TreeSet<>(samples().keySet()),
                "a new registered layer type needs a sample here");
    }

    @Test
    void everyRegisteredTypeRebuildsBitForBit() {
        Generator g = new Generator(7);
        for (Map.Entry<String, Sample> e : samples().entrySet()) {
            Module original = e.getValue().layer();
            boolean ids = e.getKey().equals("Embedding") || e.getKey().equals("TokenSequenceModel");
            Tensor x = ids ? Tensor.of(new long[] {1, 4, 0, 9, 3, 3}, e.getValue().inputShape())
                    : Tensor.randn(g, e.getValue().inputShape());
            e.getValue().run(original.train(), x); // moves batch norms' running statistics off their initial values
            original.eval();
            String json = Architecture.toJson(original);
            assertTrue(json.startsWith("{\"type\":\"" + (e.getKey().equals("Conv2d") ? "Sequential" : e.getKey())
                    + "\""), json);
            Module rebuilt = Architecture.fromJson(json, "test.safetensors");
            assertEquals(original.getClass(), rebuilt.getClass(), e.getKey());
            assertEquals(json, Architecture.toJson(rebuilt), e.getKey()
                    + ": the rebuilt layer describes itself the same");
            assertEquals(shapes(original.stateDict()), shapes(rebuilt.stateDict()), e.getKey());
            rebuilt.loadStateDict(original.stateDict(), true);
            rebuilt.eval();
            assertArrayEquals(bits(e.getValue().run(original, x).toFloatArray()), bits(e.getValue().run(rebuilt, x).toFloatArray()),
                    e.getKey());
        }
    }

    @Test
    void multiheadAttentionOptionsRebuildBitForBit() {
        Generator g = new Generator(8);
        Tensor q = Tensor.randn(g, 2, 3, 6), k = Tensor.randn(g, 2, 4, 4), v = Tensor.randn(g, 2, 4, 5);
        Tensor padding = Tensor.of(new boolean[] {false, false, false, true, false, true, false, false}, 2, 4);
        List<MultiheadAttention> layers = List.of(new MultiheadAttention(6, 2, 0.1, true, true, true, 4, 5, true),
                new MultiheadAttention(6, 3, 0, false, true, false, 4, 5, true),
                new MultiheadAttention(6, 2, 0, true, false, true, 4, 5, true));
        for (MultiheadAttention original : layers) {
            original.eval();
            String json = Architecture.toJson(original);
            MultiheadAttention rebuilt = (MultiheadAttention) Architecture.fromJson(json, "test.safetensors");
            assertEquals(json, Architecture.toJson(rebuilt));
            assertEquals(shapes(original.stateDict()), shapes(rebuilt.stateDict()), json);
            rebuilt.loadStateDict(original.stateDict(), true);
            rebuilt.eval();
            for (Inputs in : List.of(Inputs.of(q, k, v).with("keyPaddingMask", padding),
                    Inputs.of(q.select(0, 1), k.select(0, 1), v.select(0, 1)).with("isCausal", true))) {
                Outputs a = original.call(in), b = rebuilt.call(in);
                assertArrayEquals(bits(a.get(0).toFloatArray()), bits(b.get(0).toFloatArray()), json);
                assertArrayEquals(bits(a.get(1).toFloatArray()), bits(b.get(1).toFloatArray()), json);
            }
        }
        assertEquals("{\"type\":\"MultiheadAttention\",\"embed_dim\":6,\"num_heads\":3,\"dropout\":0,\"bias\":false,"
                + "\"add_bias_kv\":true,\"add_zero_attn\":false,\"kdim\":4,\"vdim\":5,\"batch_first\":true}",
                Architecture.toJson(layers.get(1)));
        // A description written before kdim, vdim, add_bias_kv and add_zero_attn existed means PyTorch's defaults.
        MultiheadAttention old = (MultiheadAttention) Architecture.fromJson("{\"type\":\"MultiheadAttention\","
                + "\"embed_dim\":8,\"num_heads\":2,\"dropout\":0.0,\"bias\":true,\"batch_first\":false}", "old");
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(old.stateDict().keySet()));
    }

    @Test
    void settingsAreWrittenAsJson() {
        assertEquals("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Conv2d\",\"in\":1,\"out\":8,\"kernel\":[3,3],"
                        + "\"stride\":[1,1],\"padding\":[1,1],\"dilation\":[1,1],\"groups\":1,\"bias\":true},{\"type\":\"ReLU\"},"
                        + "{\"type\":\"MaxPool2d\",\"kernel\":2,\"stride\":2,\"padding\":0,\"dilation\":1,\"ceil_mode\":false},"
                        + "{\"type\":\"Flatten\"},{\"type\":\"Dense\",\"units\":10,\"bias\":true}]}",
                Architecture.toJson(new Sequential(new Conv2d(1, 8, 3).padding(1), new ReLU(), new MaxPool2d(2),
                        new Flatten(), Dense.of(10))));
    }

    @Test
    void aLazyLayerIsRebuiltLazy() {
        Module rebuilt = Architecture.fromJson("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":3}]}", "f");
        assertEquals(List.of(), List.copyOf(rebuilt.stateDict().keySet()));
        assertEquals("[2, 3]", rebuilt.call(Tensor.zeros(io.jgrad.DType.F32, 2, 5)).shape().toString());
    }

    @Test
    void lazyConvolutionsAreRebuiltLazy() {
        for (Module lazy : List.of(ConvTranspose1d.of(3, 2), ConvTranspose2d.of(3, 2), DepthwiseConv2d.of(3),
                SeparableConv2d.of(4, 3))) {
            String json = Architecture.toJson(lazy);
            assertTrue(!json.contains("\"in\""), json);
            Module rebuilt = Architecture.fromJson(json, "f");
            assertEquals(json, Architecture.toJson(rebuilt));
            assertEquals(List.of(), List.copyOf(rebuilt.stateDict().keySet()), json);
        }
    }

    @Test
    void anUnknownTypeIsNamedWithTheFileAndPlace() {
        String json = "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"ReLU\"},{\"type\":\"Mystery\"}]}";
        String message = assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(json,
                "m.safetensors")).getMessage();
        assertTrue(message.startsWith("m.safetensors: unknown layer type 'Mystery' at model.layers[1] (known: "
                + "Sequential, Dense,"),
                message);
        assertTrue(message.endsWith("a layer of your own needs Architecture.register before loading)"), message);
    }

    @Test
    void badSettingsNameTheLayerAndKey() {
        assertEquals("f: architecture model (Dense): \"units\" must be an integer, got 2.5", assertThrows(
                IllegalArgumentException.class, () -> Architecture.fromJson("{\"type\":\"Dense\",\"units\":2.5}",
                        "f")).getMessage());
        assertEquals("f: architecture model (Dense): \"units\" is missing", assertThrows(
                IllegalArgumentException.class, () -> Architecture.fromJson("{\"type\":\"Dense\"}", "f")).getMessage());
        assertEquals("f: architecture model (Dense): Dense: units must be positive, got 0", assertThrows(
                IllegalArgumentException.class, () -> Architecture.fromJson("{\"type\":\"Dense\",\"units\":0}",
                        "f")).getMessage());
        assertEquals("f: architecture model (Conv2d): \"padding\" must be an array of sizes, \"same\" or \"valid\", "
                + "got \"wide\"",
                assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
                        "{\"type\":\"Conv2d\",\"out\":2,\"kernel\":[3,3],\"padding\":\"wide\"}", "f")).getMessage());
        assertEquals("f: architecture model (ConvTranspose2d): \"padding\" must be an array of sizes (a transposed "
                + "convolution has no padding modes), got \"same\"",
                assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
                        "{\"type\":\"ConvTranspose2d\",\"out\":2,\"kernel\":[3,3],\"padding\":\"same\"}", "f"))
                        .getMessage());
        assertEquals("f: architecture model (DepthwiseConv2d): \"kernel\" must be square, got [3, 2]",
                assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
                        "{\"type\":\"DepthwiseConv2d\",\"kernel\":[3,2]}", "f")).getMessage());
        assertEquals("f: architecture model (DepthwiseConv2d): \"in\" is missing: only depth multiplier 1 infers the "
                + "input channels, got 2",
                assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
                        "{\"type\":\"DepthwiseConv2d\",\"kernel\":[3,3],\"depth_multiplier\":2}", "f"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson("{\"type\":", "f"))
                .getMessage().startsWith("f: the architecture is not valid JSON: "));
    }

    /** A user's own layer has no entry until it is registered. */
    static final class Doubler extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.mul(2); }
    }

    @Test
    void aUserLayerIsUnsupportedUntilRegistered() {
        Module model = new Sequential(new Dense(2, 2), new Doubler());
        assertEquals(Optional.of(Doubler.class.getName()), Architecture.unsupportedLayer(model));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Architecture.toJson(model)).getMessage()
                .contains("Doubler has no registered layer type"));
        Architecture.register(new LayerType<>("test.Doubler", Doubler.class, d -> Map.of(), c -> new Doubler()));
        assertEquals(Optional.empty(), Architecture.unsupportedLayer(model));
        Module rebuilt = Architecture.fromJson(Architecture.toJson(model), "f");
        assertEquals(Doubler.class, ((Sequential) rebuilt).get(1).getClass());
        assertThrows(IllegalArgumentException.class,
                () -> Architecture.register(new LayerType<>("test.Doubler", Doubler.class, d -> Map.of(), c ->
                        new Doubler())));
    }

    private static Map<String, String> shapes(Map<String, Tensor> state) {
        Map<String, String> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.shape().toString()));
        return out;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToIntBits(v[i]);
        return b;
    }
}
