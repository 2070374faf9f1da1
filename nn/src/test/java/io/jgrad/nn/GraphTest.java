package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functional graph API: skip connections, concatenation, shared layers, names, summary; several inputs and
 * outputs, layers with several of each, and the fusions Sequential also applies.
 */
class GraphTest {
    @Test
    void residualGraphComputesWhatItSays() {
        Generator g = new Generator(3);
        Conv2d stem = Conv2d.of(4, 3).padding(1).generator(g), inner = Conv2d.of(4, 3).padding(1).generator(g);
        Dense head = Dense.of(10).generator(g);
        Graph.Node in = Graph.input();
        Graph.Node h = in.then(stem).then(new ReLU());
        Graph.Node out = Graph.add(h.then(inner), h).then(new ReLU()).then(new GlobalAvgPool2d()).then(head);
        Graph model = Graph.model(in, out);

        Tensor x = Tensor.randn(new Generator(1), 2, 1, 6, 6);
        Tensor y = model.forward(x);
        Tensor hh = stem.forward(x).relu();
        Tensor expected = head.forward(inner.forward(hh).add(hh).relu().mean(new int[] {2, 3}, false));
        assertTrue(y.allClose(expected, 1e-6, 1e-6));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "5.weight", "5.bias"), List.copyOf(model.namedParameters().keySet()));

        String summary = model.summary(1, 6, 6);
        assertTrue(summary.contains("0 (Conv2d)"), summary);
        assertTrue(summary.contains("(None, 4, 6, 6)"), summary);
        assertTrue(summary.contains("(None, 10)"), summary);
        assertTrue(summary.contains(String.format("Total params: %,d", model.parameterCount())), summary);
    }

    @Test
    void concatAndSharedLayers() {
        Conv2d shared = Conv2d.of(3, 1);
        Graph.Node in = Graph.input();
        Graph.Node out = Graph.concat(1, in.then(shared), in.then(new MaxPool2d(1)).then(shared));
        Graph model = Graph.model(in, out);
        Tensor x = Tensor.randn(new Generator(2), 2, 2, 4, 4);
        Tensor y = model.forward(x);
        assertArrayEquals(new int[] {2, 6, 4, 4}, y.dims());
        assertTrue(y.narrow(1, 0, 3).allClose(y.narrow(1, 3, 3), 0, 0), "the shared layer gives the same result on the same values");
        assertEquals(2, model.namedParameters().size());
    }

    @Test
    void mismatchedShapesAndForeignInputsAreRejected() {
        Graph.Node in = Graph.input();
        Graph model = Graph.model(in, Graph.add(in.then(new Conv2d(1, 2, 1)), in));
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(1, 1, 3, 3)));
        assertTrue(e.getMessage().contains("shapes [1, 2, 3, 3] and [1, 1, 3, 3] differ"), e.getMessage());
        var other = assertThrows(IllegalArgumentException.class, () -> Graph.model(Graph.input(), in.then(new ReLU())));
        assertTrue(other.getMessage().contains("does not depend on the given input"), other.getMessage());
    }

    @Test
    void summaryOfASmallResNet() {
        Module net = new Sequential(new Conv2d(1, 8, 3).padding(1).withoutBias(), new BatchNorm2d(8), new ReLU(),
                new ResidualBlock(8, 8), new ResidualBlock(8, 16, 2), new GlobalAvgPool2d(), new Dense(16, 10));
        String s = net.summary(1, 28, 28);
        assertTrue(s.contains("4.conv1 (Conv2d)"), s);
        assertTrue(s.contains("4.shortcut.0 (Conv2d)"), s);
        assertTrue(s.contains("(None, 16, 14, 14)"), s);
        long expected = 72 + 16 + 2 * (576 + 16) + (1152 + 32 + 2304 + 32 + 128 + 32) + 170;
        assertEquals(expected, net.parameterCount());
        assertTrue(s.contains(String.format("Total params: %,d", expected)), s);
        assertTrue(net.isTraining(), "summary restores training mode");
    }

    /** The other way to a non-sequential model: subclass Module, register the layers, write forward. */
    static final class TwoTowers extends Module {
        private final Conv2d narrow = registerModule("narrow", Conv2d.of(4, 1));
        private final Conv2d wide = registerModule("wide", Conv2d.of(4, 3).padding(1));
        private final Dense head = registerModule("head", Dense.of(3));

        @Override
        public Tensor forward(Tensor x) {
            Tensor both = Tensor.concat(List.of(narrow.call(x).relu(), wide.call(x).relu()), 1);
            return head.call(both.mean(new int[] {2, 3}, false));
        }
    }

    @Test
    void subclassedModuleWithAMergeHasNamesAndASummary() {
        TwoTowers m = new TwoTowers();
        String s = m.summary(2, 5, 5);
        assertTrue(s.contains("narrow (Conv2d)") && s.contains("wide (Conv2d)") && s.contains("head (Dense)"), s);
        assertTrue(s.contains("(None, 3)"), s);
        assertEquals(List.of("narrow.weight", "narrow.bias", "wide.weight", "wide.bias", "head.weight", "head.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(2 * 4 + 4 + 2 * 4 * 9 + 4 + 8 * 3 + 3, m.parameterCount());
    }

    @Test
    void twoNamedInputsAndTwoOutputs() {
        Generator g = new Generator(5);
        Dense left = new Dense(3, 4).generator(g), right = new Dense(2, 4).generator(g);
        Dense classes = new Dense(8, 3).generator(g), value = new Dense(8, 1).generator(g);
        Graph.Node a = Graph.input("image"), b = Graph.input("meta");
        Graph.Node both = Graph.concat(1, a.then(left).then(new ReLU()), b.then(right).then(new Tanh()));
        Graph model = Graph.model(List.of(a, b), List.of(both.then(classes), both.then(value)));
        assertEquals("(image, meta) -> (output0, output1)", model.signature().toString());

        Tensor x1 = Tensor.randn(g, 5, 3), x2 = Tensor.randn(g, 5, 2);
        Outputs out = model.call(Inputs.of(x1, x2));
        Tensor h = Tensor.concat(List.of(left.forward(x1).relu(), right.forward(x2).tanh()), 1);
        assertTrue(out.get("output0").allClose(classes.forward(h), 1e-6, 1e-6));
        assertTrue(out.get(1).allClose(value.forward(h), 1e-6, 1e-6));
        assertTrue(model.call(Inputs.of().with("meta", x2).with("image", x1)).get(0).equalValues(out.get(0)), "inputs by name");

        var one = assertThrows(IllegalArgumentException.class, () -> model.forward(x1));
        assertEquals("Graph: missing input 'meta'; expects (image, meta) -> (output0, output1)", one.getMessage());
        String summary = model.summary(Shape.of(3), Shape.of(2));
        assertTrue(summary.contains("2 (Dense)      (None, 4)           12"), summary);
        assertTrue(summary.contains("4 (Dense)      (None, 3)           27") && summary.contains("5 (Dense)      (None, 1)"), summary);
    }

    @Test
    void aLayerWithSeveralOutputsIsSelectedByName() {
        Dense head = new Dense(3, 2).generator(new Generator(1));
        Graph.Node in = Graph.input();
        Graph.Node rnn = in.then(new ModuleCallTest.Recurrent());
        Graph model = Graph.model(in, rnn.output("h").then(head));
        Tensor x = Tensor.randn(new Generator(2), 4, 5, 3);
        Tensor expected = head.forward(new ModuleCallTest.Recurrent().call(Inputs.of(x)).get("h"));
        assertTrue(model.forward(x).allClose(expected, 1e-6, 1e-6));
        assertTrue(Graph.model(in, rnn.output(2)).forward(x).allClose(new ModuleCallTest.Recurrent().call(Inputs.of(x)).get("c"), 1e-6, 1e-6));
        assertTrue(model.summary(5, 3).contains("[(None, 5, 3), (None, 3), (None, 3)]"), model.summary(5, 3));

        var unselected = assertThrows(IllegalArgumentException.class, () -> rnn.then(head));
        assertEquals("Graph: Recurrent has 3 outputs [output, h, c]; select one with output(...) before passing it to Dense", unselected.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> rnn.output("state"));
        assertEquals("Graph: Recurrent has no output 'state'; its outputs are [output, h, c]", unknown.getMessage());
    }

    @Test
    void aLayerWithSeveralInputsTakesNodesByPositionAndNameAndOptions() {
        Graph.Node q = Graph.input("q"), kv = Graph.input("kv"), mask = Graph.input("mask");
        ModuleCallTest.Attention attention = new ModuleCallTest.Attention();
        Graph.Node att = Graph.apply(attention, List.of(q, kv, kv), Map.of("attnMask", mask, "needWeights", false));
        Graph model = Graph.model(List.of(q, kv, mask), List.of(att.output("output")));
        Generator g = new Generator(3);
        Tensor query = Tensor.randn(g, 1, 2, 4), keys = Tensor.randn(g, 1, 3, 4);
        Tensor causal = Tensor.of(new boolean[] {false, true, true, false, false, true}, 2, 3);
        Tensor expected = attention.call(Inputs.of(query, keys, keys).with("attnMask", causal)).get("output");
        assertTrue(model.call(Inputs.of(query, keys, causal)).single().equalValues(expected));

        var missing = assertThrows(IllegalArgumentException.class, () -> Graph.apply(attention, q, kv));
        assertTrue(missing.getMessage().startsWith("Attention: missing input 'value'; expects (query, key, value"), missing.getMessage());
        var option = assertThrows(IllegalArgumentException.class, () -> Graph.apply(attention, List.of(q, kv, kv), Map.of("needWeights", "no")));
        assertTrue(option.getMessage().startsWith("Attention: option 'needWeights' must be a Boolean, got String (no)"), option.getMessage());
        var unused = assertThrows(IllegalArgumentException.class, () -> Graph.model(List.of(q, kv, mask), List.of(q.then(new ReLU()))));
        assertTrue(unused.getMessage().contains("does not depend on the given input 1 (kv)"), unused.getMessage());
    }

    @Test
    void graphFusesDenseAndReluAndPoolsBeforeReluBitForBit() {
        Generator g = new Generator(9);
        Conv2d conv = new Conv2d(2, 3, 3).padding(1).generator(g);
        Dense d1 = new Dense(3 * 3 * 4, 6).generator(g), d2 = new Dense(6, 2).generator(g);
        Graph.Node in = Graph.input();
        Graph.Node out = in.then(conv).then(new ReLU()).then(new MaxPool2d(2)).then(new Flatten()).then(d1).then(new ReLU()).then(d2);
        Graph model = Graph.model(in, out);
        Tensor x = Tensor.uniform(g, -1, 1, 4, 2, 6, 8).requiresGrad(true), up = Tensor.uniform(g, -1, 1, 4, 2);

        model.call(x).mul(up).sum().backward();
        Tensor[] fused = {x.grad(), conv.weight().grad(), d1.weight().grad(), d1.bias().grad(), d2.weight().grad()};
        model.zeroGrad();
        Tensor x2 = x.detach().contiguousCopy().requiresGrad(true);
        Tensor h = F.maxPool2d(conv.forward(x2).relu(), 2).flatten(1, -1);
        Tensor plain = d2.forward(F.linear(h, d1.weight(), d1.bias()).relu());
        plain.mul(up).sum().backward();
        Tensor[] unfused = {x2.grad(), conv.weight().grad(), d1.weight().grad(), d1.bias().grad(), d2.weight().grad()};
        assertTrue(model.forward(x).equalValues(plain), "outputs");
        for (int i = 0; i < fused.length; i++) assertTrue(fused[i].equalValues(unfused[i]), "gradient " + i);
    }

    @Test
    void graphFusesOnlyWhereTheIntermediateValueHasNoOtherReader() {
        SequentialFusionTest.Probe probe = new SequentialFusionTest.Probe();
        Graph.Node in = Graph.input();
        Graph.Node doubled = in.then(probe);
        Graph fused = Graph.model(in, doubled.then(new ReLU()));
        Tensor x = Tensor.of(new float[] {-1, 2}, 1, 2);
        assertArrayEquals(new float[] {0, 4}, fused.forward(x).toFloatArray());
        assertArrayEquals(new int[] {0, 1}, new int[] {probe.plain, probe.fused});

        // The doubled value also feeds the sum: computed once, unfused, and read by both.
        Graph shared = Graph.model(in, Graph.add(doubled.then(new ReLU()), doubled));
        assertArrayEquals(new float[] {-2, 8}, shared.forward(x).toFloatArray());
        assertArrayEquals(new int[] {1, 1}, new int[] {probe.plain, probe.fused});
        // Nor when the intermediate value is a model output.
        Graph.Node relu = doubled.then(new ReLU());
        Graph twoOutputs = Graph.model(List.of(in), List.of(relu, doubled));
        assertArrayEquals(new float[] {-2, 4}, twoOutputs.call(Inputs.of(x)).get(1).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, new int[] {probe.plain, probe.fused});
        // And not while a hook watches either layer.
        try (var h = probe.registerForwardHook((m, i, o) -> {})) {
            fused.forward(x);
        }
        assertArrayEquals(new int[] {3, 1}, new int[] {probe.plain, probe.fused});
    }
}
