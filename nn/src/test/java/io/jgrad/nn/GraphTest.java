package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The functional graph API: skip connections, concatenation, shared layers, names, summary. */
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
}
