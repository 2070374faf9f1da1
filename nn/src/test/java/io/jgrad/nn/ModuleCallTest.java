package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modules with several inputs, options and outputs: binding by position and name, and the errors of misuse. */
class ModuleCallTest {
    /** Scaled dot-product attention with MultiHeadAttention's signature (one head, no projections). */
    static final class Attention extends Module {
        static final Signature SIGNATURE = Signature.of("query", "key", "value").optional("keyPaddingMask", "attnMask")
                .option("needWeights", Boolean.class, true).outputs("output", "weights");

        @Override
        public Signature signature() { return SIGNATURE; }

        @Override
        protected Outputs forward(Inputs in) {
            Tensor q = in.tensor("query"), k = in.tensor("key"), v = in.tensor("value");
            Tensor scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.dim(-1)));
            Tensor padding = in.tensorOrNull("keyPaddingMask"); // [N, S], true where a key is padding
            if (padding != null) scores = scores.maskedFill(padding.unsqueeze(1), Double.NEGATIVE_INFINITY);
            Tensor mask = in.tensorOrNull("attnMask");          // [L, S], true where attention is not allowed
            if (mask != null) scores = scores.maskedFill(mask, Double.NEGATIVE_INFINITY);
            Tensor weights = scores.softmax(-1);
            return Outputs.of(weights.matmul(v), in.option("needWeights", Boolean.class) ? weights : null);
        }
    }

    /** A recurrent layer with an LSTM's signature: h_t = tanh(x_t + h_{t-1}), c_t = c_{t-1} + h_t. */
    static final class Recurrent extends Module {
        @Override
        public Signature signature() { return Signature.of("input").optional("h0", "c0").outputs("output", "h", "c"); }

        @Override
        protected Outputs forward(Inputs in) {
            Tensor x = in.tensor("input"); // [N, T, F]
            Tensor h = in.tensorOrNull("h0"), c = in.tensorOrNull("c0");
            if (h == null) h = Tensor.zeros(x.dim(0), x.dim(2));
            if (c == null) c = Tensor.zeros(x.dim(0), x.dim(2));
            List<Tensor> steps = new ArrayList<>();
            for (int t = 0; t < x.dim(1); t++) {
                h = x.select(1, t).add(h).tanh();
                c = c.add(h);
                steps.add(h);
            }
            return Outputs.of(Tensor.stack(steps, 1), h, c);
        }
    }

    private final Generator g = new Generator(4);
    private final Tensor q = Tensor.randn(g, 2, 3, 4), k = Tensor.randn(g, 2, 5, 4), v = Tensor.randn(g, 2, 5, 4);

    @Test
    void inputsBindByPositionOrByNameAndOutputsByName() {
        Attention attention = new Attention();
        Outputs byPosition = attention.call(Inputs.of(q, k, v));
        Outputs byName = attention.call(Inputs.of(q).with("value", v).with("key", k));
        assertEquals(List.of("output", "weights"), byPosition.names());
        assertTrue(byPosition.get("output").equalValues(byName.get(0)));
        Tensor expected = q.matmul(k.transpose(1, 2)).div(2).softmax(-1).matmul(v);
        assertTrue(byPosition.get("output").allClose(expected, 1e-6, 1e-6));
        assertArrayEquals(new int[] {2, 3, 5}, byPosition.get("weights").dims());
    }

    @Test
    void optionalInputsAndOptionsChangeTheResult() {
        Attention attention = new Attention();
        Tensor padding = Tensor.of(new boolean[] {false, false, false, true, true, false, false, false, false, false}, 2, 5);
        Outputs masked = attention.call(Inputs.of(q, k, v).with("keyPaddingMask", padding).with("needWeights", false));
        assertNull(masked.getOrNull("weights"));
        var absent = assertThrows(IllegalStateException.class, () -> masked.get("weights"));
        assertEquals("Attention: output 'weights' was not computed", absent.getMessage());
        // The first sequence attends only to its first three keys.
        Tensor w = attention.call(Inputs.of(q, k, v).with("keyPaddingMask", padding)).get("weights");
        assertEquals(0.0, w.select(0, 0).narrow(1, 3, 2).abs().max().item());
        assertTrue(w.select(0, 1).min().item() > 0, "nothing is masked in the second sequence");
        // An optional input may also be given by position (null for one left out).
        Tensor causal = Tensor.of(new boolean[] {false, true, true, true, true, false, false, true, true, true, false, false, false, true, true}, 3, 5);
        assertTrue(attention.call(Inputs.of(q, k, v, null, causal)).get(0)
                .equalValues(attention.call(Inputs.of(q, k, v).with("attnMask", causal)).get(0)));
    }

    @Test
    void aHookSeesTheBoundInputsWithDefaultsFilledIn() {
        Attention attention = new Attention();
        Tensor causal = Tensor.zeros(io.jgrad.DType.BOOL, 3, 5);
        List<Inputs> seen = new ArrayList<>();
        try (var h = attention.registerForwardHook((m, in, out) -> seen.add(in))) {
            attention.call(Inputs.of(q).with("attnMask", causal).with("value", v).with("key", k));
        }
        Inputs in = seen.getFirst();
        assertSame(Attention.SIGNATURE, in.signature());
        assertEquals(List.of(q, k, v, causal), in.tensors());
        assertSame(v, in.tensor(2));
        assertNull(in.tensorOrNull("keyPaddingMask"));
        assertTrue(in.option("needWeights", Boolean.class));
        var undeclared = assertThrows(IllegalArgumentException.class, () -> in.tensor("mask"));
        assertTrue(undeclared.getMessage().startsWith("Attention: reads input 'mask', which its signature does not declare"), undeclared.getMessage());
    }

    @Test
    void recurrentStateGoesInAndComesOut() {
        Recurrent rnn = new Recurrent();
        Tensor x = Tensor.randn(g, 2, 6, 3);
        Outputs whole = rnn.call(Inputs.of(x));
        assertEquals(List.of("output", "h", "c"), whole.names());
        // Running the second half from the first half's state gives the same final state.
        Outputs first = rnn.call(Inputs.of(x.narrow(1, 0, 3)));
        Outputs second = rnn.call(Inputs.of(x.narrow(1, 3, 3)).with("h0", first.get("h")).with("c0", first.get("c")));
        assertTrue(second.get("h").allClose(whole.get("h"), 1e-6, 1e-6));
        assertTrue(second.get("c").allClose(whole.get("c"), 1e-6, 1e-6));
        assertTrue(second.get("output").allClose(whole.get("output").narrow(1, 3, 3), 1e-6, 1e-6));
    }

    @Test
    void aOneTensorLayerTakesInputsAndAManyInputLayerTakesOneTensorWhereItFits() {
        Outputs out = new ReLU().call(Inputs.of(q));
        assertEquals(List.of("output"), out.names());
        assertTrue(out.single().equalValues(q.relu()));
        assertTrue(new ReLU().call(Inputs.of().with("input", q)).single().equalValues(q.relu()));
        // The recurrent layer needs only its input; its several outputs cannot be one tensor.
        var several = assertThrows(IllegalStateException.class, () -> new Recurrent().forward(Tensor.randn(g, 1, 2, 3)));
        assertTrue(several.getMessage().startsWith("Recurrent returns 3 outputs [output, h, c] where one tensor is expected"), several.getMessage());
    }

    @Test
    void misuseFailsNamingTheModuleAndWhatItExpects() {
        String expects = "expects (query, key, value, [keyPaddingMask], [attnMask], needWeights: Boolean) -> (output, weights)";
        Attention attention = new Attention();
        assertMessage("ReLU: takes 1 input, got 3; expects (input) -> (output)", () -> new ReLU().call(Inputs.of(q, k, v)));
        assertMessage("Attention: missing input 'value'; " + expects, () -> attention.call(Inputs.of(q, k)));
        assertMessage("Attention: missing input 'key'; " + expects, () -> attention.forward(q));
        assertMessage("Attention: takes at most 5 inputs, got 6; " + expects, () -> attention.call(Inputs.of(q, k, v, null, null, q)));
        assertMessage("Attention: has no input or option named 'mask'; " + expects, () -> attention.call(Inputs.of(q, k, v).with("mask", q)));
        assertMessage("Attention: input 'key' is given both by position and by name; " + expects,
                () -> attention.call(Inputs.of(q, k, v).with("key", k)));
        assertMessage("Attention: option 'needWeights' must be a Boolean, got Integer (1); " + expects,
                () -> attention.call(Inputs.of(q, k, v).with("needWeights", 1)));
        assertMessage("Attention: input 'attnMask' must be a Tensor, got String; " + expects,
                () -> attention.call(Inputs.of(q, k, v).with("attnMask", "causal")));
    }

    @Test
    void aModuleMustOverrideOneOfTheForwardMethods() {
        var e = assertThrows(IllegalStateException.class, () -> new Module() {});
        assertTrue(e.getMessage().endsWith(" must override forward(Tensor) or forward(Inputs)"), e.getMessage());
    }

    @Test
    void aForwardThatReturnsTheWrongNumberOfOutputsIsNamed() {
        Module wrong = new Module() {
            @Override
            public Signature signature() { return Signature.of("x").outputs("a", "b"); }

            @Override
            protected Outputs forward(Inputs in) { return Outputs.of(in.tensor("x")); }
        };
        var e = assertThrows(IllegalStateException.class, () -> wrong.call(Inputs.of(q)));
        assertTrue(e.getMessage().endsWith(": forward returned 1 output, but its signature declares 2 [a, b]"), e.getMessage());
    }

    @Test
    void signaturesRejectDuplicateNames() {
        assertMessage("Signature: input 'a' is declared twice", () -> Signature.of("a").optional("a"));
        assertMessage("Signature: 'a' is declared twice", () -> Signature.of("a").option("a", Boolean.class, true));
    }

    private static void assertMessage(String expected, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
