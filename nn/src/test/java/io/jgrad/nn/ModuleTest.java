package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    /** A custom module with its own parameter, a buffer, and nested containers. */
    static final class Net extends Module {
        final Sequential features;
        final Dense head;

        Net() {
            features = registerModule("features", new Sequential(new Dense(3, 4), new ReLU(), new Sequential(new Dense(4, 4), new Tanh())));
            head = registerModule("head", new Dense(4, 2));
            registerParameter("scale", Tensor.ones(2));
            registerBuffer("calls", Tensor.zeros(1));
        }

        @Override
        public Tensor forward(Tensor x) { return head.call(features.call(x)).mul(parameter("scale")); }
    }

    @Test
    void dottedNamesFollowNestingAndRegistrationOrder() {
        Net net = new Net();
        assertEquals(List.of("scale", "features.0.weight", "features.0.bias", "features.2.0.weight", "features.2.0.bias",
                "head.weight", "head.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("", "features", "features.0", "features.1", "features.2", "features.2.0", "features.2.1", "head"),
                List.copyOf(net.namedModules().keySet()));
        assertEquals(List.of("scale", "calls", "features.0.weight", "features.0.bias", "features.2.0.weight",
                "features.2.0.bias", "head.weight", "head.bias"), List.copyOf(net.stateDict().keySet()));
        assertEquals(3 * 4 + 4 + 4 * 4 + 4 + 4 * 2 + 2 + 2, net.parameterCount());
        assertEquals(7, net.parameters().size());
        for (Tensor p : net.parameters()) assertTrue(p.requiresGrad() && p.isLeaf());
    }

    @Test
    void sharedParametersAreListedOnce() {
        Dense shared = new Dense(2, 2);
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
    }

    @Test
    void stateDictRoundTripCopiesValuesIntoAnotherModel() {
        Net a = new Net(), b = new Net();
        Tensor x = Tensor.randn(new Generator(1), 5, 3);
        assertFalse(a.forward(x).allClose(b.forward(x)));
        b.loadStateDict(a.stateDict(), true);
        assertTrue(a.forward(x).equalValues(b.forward(x)));
        // Copied, not shared: changing a afterwards leaves b alone.
        Tensor before = b.head.weight().detach().contiguousCopy();
        a.loadStateDict(new Net().stateDict(), true);
        assertTrue(b.head.weight().equalValues(before));
        assertNotSame(a.head.weight().storage(), b.head.weight().storage());
    }

    @Test
    void strictLoadNamesMissingUnexpectedAndMismatchedKeys() {
        Net net = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        state.remove("head.bias");
        state.put("tail.weight", Tensor.zeros(2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("missing keys [head.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [tail.weight]"), e.getMessage());

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(net.stateDict());
        wrongShape.put("features.0.weight", Tensor.zeros(4, 5));
        var m = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(wrongShape, false));
        assertTrue(m.getMessage().contains("features.0.weight: model has [4, 3], state has [4, 5]"), m.getMessage());
    }

    @Test
    void rejectedStateChangesNothingAndNonStrictLoadsWhatMatches() {
        Net net = new Net();
        Tensor before = net.head.weight().detach().contiguousCopy();
        Map<String, Tensor> state = new LinkedHashMap<>(new Net().stateDict());
        state.put("features.0.weight", Tensor.zeros(1, 1));
        assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state, true));
        assertTrue(net.head.weight().equalValues(before));

        Map<String, Tensor> partial = Map.of("head.weight", Tensor.full(7, 2, 4), "extra", Tensor.zeros(1));
        net.loadStateDict(partial, false);
        assertTrue(net.head.weight().equalValues(Tensor.full(7, 2, 4)));
        assertTrue(net.features.get(0).namedParameters().get("weight").requiresGrad());
    }

    @Test
    void trainAndEvalReachEverySubmodule() {
        Net net = new Net();
        assertTrue(net.isTraining());
        net.eval();
        for (Module m : net.namedModules().values()) assertFalse(m.isTraining());
        net.train();
        for (Module m : net.namedModules().values()) assertTrue(m.isTraining());
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Net net = new Net();
        net.forward(Tensor.randn(new Generator(2), 4, 3)).sum().backward();
        for (Tensor p : net.parameters()) assertTrue(p.grad() != null);
        net.zeroGrad();
        for (Tensor p : net.parameters()) assertNull(p.grad());
    }

    @Test
    void toConvertsParametersAndKeepsThemTrainable() {
        Net net = new Net();
        Tensor x = Tensor.randn(new Generator(3), 2, 3);
        Tensor y32 = net.forward(x);
        net.to(DType.F64);
        for (Tensor p : net.parameters()) assertTrue(p.dtype() == DType.F64 && p.requiresGrad() && p.isLeaf());
        Tensor y64 = net.forward(x.to(DType.F64));
        assertEquals(DType.F64, y64.dtype());
        assertTrue(y64.allClose(y32.to(DType.F64), 1e-5, 1e-6));
    }

    @Test
    void toConvertsFloatingPointBuffersOnlyAndKeepsIntegerCountersExact() {
        Sequential net = new Sequential(new Dense(3, 4), new BatchNorm1d(4));
        net.forward(Tensor.randn(new Generator(4), 5, 3));
        Map<String, Tensor> before = net.stateDict();
        assertEquals(DType.I64, before.get("1.num_batches_tracked").dtype());
        net.to(DType.F64);
        Map<String, Tensor> after = net.stateDict();
        assertEquals(DType.F64, after.get("1.running_mean").dtype());
        assertEquals(DType.F64, after.get("1.weight").dtype());
        assertEquals(DType.I64, after.get("1.num_batches_tracked").dtype(), "an integer buffer keeps its dtype");
        net.to(DType.F32);
        assertEquals(DType.I64, net.stateDict().get("1.num_batches_tracked").dtype());
        // Past 2^24 a float counter could no longer add 1; the I64 one still does.
        BatchNorm1d bn = (BatchNorm1d) net.namedChildren().get("1");
        bn.buffer("num_batches_tracked").copyFrom(Tensor.scalar(DType.I64, (1 << 24)));
        net.forward(Tensor.randn(new Generator(5), 5, 3));
        assertEquals((1L << 24) + 1, bn.batchesTracked());
        var e = assertThrows(IllegalArgumentException.class, () -> net.to(DType.I32));
        assertTrue(e.getMessage().contains("I32") && e.getMessage().contains("floating-point"), e.getMessage());
    }

    @Test
    void loadStateDictConvertsWithinAKindOfDtypeAndRefusesAcrossKinds() {
        Sequential net = new Sequential(new Dense(3, 4), new BatchNorm1d(4));
        Map<String, Tensor> state = new LinkedHashMap<>(new Sequential(new Dense(3, 4), new BatchNorm1d(4)).stateDict());
        state.put("0.weight", Tensor.zeros(DType.I32, 4, 3));
        state.put("1.num_batches_tracked", Tensor.scalar(DType.F32, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state, true));
        assertEquals("loadStateDict into Sequential failed: dtype mismatches [0.weight: model has F32, state has I32,"
                + " 1.num_batches_tracked: model has I64, state has F32]", e.getMessage());
        Map<String, Tensor> convertible = new LinkedHashMap<>(state);
        convertible.put("0.weight", Tensor.full(DType.F64, 0.5, 4, 3));
        convertible.put("1.num_batches_tracked", Tensor.scalar(DType.I32, 7));
        net.loadStateDict(convertible, true);
        assertEquals(DType.F32, net.stateDict().get("0.weight").dtype());
        assertEquals(0.5, net.stateDict().get("0.weight").max().item());
        assertEquals(7L, ((BatchNorm1d) net.namedChildren().get("1")).batchesTracked());
    }

    @Test
    void registrationRejectsBadNames() {
        Module m = new Identity();
        assertThrows(IllegalArgumentException.class, () -> m.registerParameter("a.b", Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> m.registerParameter("", Tensor.zeros(1)));
        m.registerParameter("w", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> m.registerModule("w", new ReLU()));
        assertThrows(IllegalArgumentException.class, () -> m.registerParameter("i", Tensor.zeros(DType.I64, 1)));
    }

    @Test
    void denseInfersItsInputSizeOnFirstCall() {
        Dense d = Dense.of(3);
        assertFalse(d.isBuilt());
        assertTrue(d.parameters().isEmpty());
        Tensor y = d.forward(Tensor.randn(new Generator(4), 2, 7));
        assertArrayEquals(new int[] {2, 3}, y.dims());
        assertEquals(7, d.inFeatures());
        assertArrayEquals(new int[] {3, 7}, d.weight().dims());
        assertArrayEquals(new int[] {3}, d.bias().dims());
        var e = assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(2, 6)));
        assertTrue(e.getMessage().contains("last dimension 7, got shape [2, 6]"), e.getMessage());
        // F64 input builds F64 parameters; rank-3 input is applied to the last dimension.
        Dense d64 = Dense.of(2).withoutBias();
        Tensor y3 = d64.forward(Tensor.zeros(DType.F64, 4, 5, 6));
        assertArrayEquals(new int[] {4, 5, 2}, y3.dims());
        assertEquals(DType.F64, d64.weight().dtype());
        assertNull(d64.bias());
    }

    @Test
    void lazyDenseIsBuiltFromALoadedStateDict() {
        Sequential trained = new Sequential(new Dense(5, 3), new ReLU(), new Dense(3, 2));
        Sequential fresh = new Sequential(Dense.of(3), new ReLU(), Dense.of(2));
        fresh.loadStateDict(trained.stateDict(), true);
        Tensor x = Tensor.randn(new Generator(5), 4, 5);
        assertTrue(fresh.forward(x).equalValues(trained.forward(x)));
    }

    @Test
    void seededDenseIsReproducible() {
        Dense a = new Dense(6, 4).generator(new Generator(42));
        Dense b = new Dense(6, 4).generator(new Generator(42));
        Dense c = new Dense(6, 4).generator(new Generator(43));
        assertTrue(a.weight().equalValues(b.weight()) && a.bias().equalValues(b.bias()));
        assertFalse(a.weight().equalValues(c.weight()));
    }

    @Test
    void dropoutIsInvertedInTrainingAndIdentityInEval() {
        Dropout drop = new Dropout(0.25, new Generator(9));
        Tensor x = Tensor.ones(DType.F64, 200, 50);
        Tensor y = drop.forward(x);
        double[] v = y.toDoubleArray();
        int zeros = 0;
        for (double e : v) {
            if (e == 0) zeros++;
            else assertEquals(1 / 0.75, e, 1e-12);
        }
        double rate = zeros / (double) v.length;
        assertTrue(Math.abs(rate - 0.25) < 0.02, "drop rate " + rate);
        drop.eval();
        assertSame(x, drop.forward(x));
        Sequential s = new Sequential(new Dense(3, 3), new Dropout(0.5));
        s.eval();
        assertFalse(s.get(1).isTraining());
        Tensor in = Tensor.randn(new Generator(1), 2, 3);
        assertTrue(s.forward(in).equalValues(s.get(0).forward(in)));
    }

    @Test
    void dropoutGradientFollowsTheMask() {
        Dropout drop = new Dropout(0.5, new Generator(3));
        Tensor x = Tensor.ones(DType.F64, 10, 10).requiresGrad(true);
        Tensor y = drop.forward(x);
        y.sum().backward();
        assertTrue(x.grad().equalValues(y.detach()));
    }

    @Test
    void flattenKeepsTheBatchDimension() {
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(Tensor.zeros(2, 3, 4)).dims());
        assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Tensor.zeros(3)));
        Tensor x = Tensor.zeros(2, 3);
        assertSame(x, new Identity().forward(x));
    }

    @Test
    void buildCreatesLazyParametersBeforeTheFirstForward() {
        Sequential model = new Sequential(Dense.of(4), new ReLU(), Dense.of(2));
        assertTrue(model.parameters().isEmpty(), "lazy layers have no parameters before they see an input");
        model.train();
        assertSame(model, model.build(3));
        assertEquals(4, model.parameters().size());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.parameterCount());
        assertTrue(model.isTraining(), "build restores training mode");
        assertTrue(model.parameters().stream().allMatch(p -> p.requiresGrad() && p.grad() == null));
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        Sequential model = new Sequential(new Flatten(), Dense.of(128), new ReLU(), new Dropout(0.2), Dense.of(10));
        String s = model.summary(28, 28);
        String[] lines = s.split("\n");
        assertTrue(lines[0].contains("Sequential"), s);
        assertTrue(s.contains("Layer (type)") && s.contains("Output Shape") && s.contains("Param #"), s);
        assertTrue(row(lines, "0 (Flatten)").matches(".*\\(None, 784\\)\\s+0"), s);
        assertTrue(row(lines, "1 (Dense)").matches(".*\\(None, 128\\)\\s+100,480"), s);
        assertTrue(row(lines, "2 (ReLU)").matches(".*\\(None, 128\\)\\s+0"), s);
        assertTrue(row(lines, "3 (Dropout)").matches(".*\\(None, 128\\)\\s+0"), s);
        assertTrue(row(lines, "4 (Dense)").matches(".*\\(None, 10\\)\\s+1,290"), s);
        assertTrue(s.contains("Total params: 101,770"), s);
        assertTrue(s.contains("Trainable params: 101,770"), s);
        assertTrue(s.contains("Non-trainable params: 0"), s);
        assertTrue(model.isTraining(), "summary restores training mode");
        assertEquals(101_770, model.parameterCount());
    }

    @Test
    void summaryOfNestedModuleShowsLeavesAndOwnParameters() {
        String s = new Net().summary(3);
        String[] lines = s.split("\n");
        assertTrue(row(lines, "Net").matches(".*\\(None, 2\\)\\s+2"), s);
        assertTrue(row(lines, "features.2.0 (Dense)").matches(".*\\(None, 4\\)\\s+20"), s);
        assertTrue(row(lines, "head (Dense)").matches(".*\\(None, 2\\)\\s+10"), s);
        assertTrue(s.contains("Total params: 48"), s);
    }

    private static String row(String[] lines, String start) {
        for (String l : lines) if (l.startsWith(start + " ")) return l.trim();
        throw new AssertionError("no row starting with '" + start + "' in\n" + String.join("\n", lines));
    }
}
