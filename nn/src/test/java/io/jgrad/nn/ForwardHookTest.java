package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward hooks: what they receive, removing them, and that a fusion never hides a hooked layer's values. */
class ForwardHookTest {
    private final Generator g = new Generator(8);

    @Test
    void aHookSeesTheModuleItsBoundInputsAndItsOutputs() {
        Dense dense = new Dense(3, 2).generator(g);
        List<String> seen = new ArrayList<>();
        Tensor x = Tensor.randn(g, 4, 3);
        ForwardHook.Handle handle = dense.registerForwardHook((m, in, out) -> {
            assertSame(dense, m);
            assertSame(x, in.tensor("input"));
            assertEquals(List.of("output"), out.names());
            seen.add(out.single().shape().toString());
        });
        assertTrue(dense.hasForwardHooks());
        Tensor y = dense.call(x);
        dense.call(Inputs.of(x));
        dense.forward(x); // forward alone runs no hooks
        assertEquals(List.of(y.shape().toString(), y.shape().toString()), seen);
        handle.remove();
        handle.remove(); // a second removal does nothing
        dense.call(x);
        assertEquals(2, seen.size());
        assertFalse(dense.hasForwardHooks());
    }

    @Test
    void eachRegistrationIsRemovedByItsOwnHandleAndAHookMayRemoveItself() {
        ReLU relu = new ReLU();
        List<Integer> calls = new ArrayList<>();
        ForwardHook counting = (m, in, out) -> calls.add(1);
        ForwardHook.Handle first = relu.registerForwardHook(counting);
        try (ForwardHook.Handle second = relu.registerForwardHook(counting)) {
            relu.call(Tensor.ones(2));
            assertEquals(2, calls.size());
            first.remove();
            relu.call(Tensor.ones(2));
            assertEquals(3, calls.size());
        }
        assertFalse(relu.hasForwardHooks());
        ForwardHook.Handle[] self = new ForwardHook.Handle[1];
        self[0] = relu.registerForwardHook((m, in, out) -> self[0].remove());
        relu.call(Tensor.ones(2));
        assertFalse(relu.hasForwardHooks());
    }

    @Test
    void summaryLeavesNoHooksBehind() {
        Sequential net = new Sequential(new Dense(3, 4), new ReLU(), new Dense(4, 2));
        net.summary(3);
        for (Module m : net.namedModules().values()) assertFalse(m.hasForwardHooks(), m.toString());
    }

    @Test
    void aHookedLayerRunsUnfusedAndSeesItsOwnOutputInSequential() {
        Dense dense = new Dense(5, 4).generator(g);
        ReLU relu = new ReLU();
        Sequential net = new Sequential(dense, relu, new Dense(4, 2).generator(g));
        Tensor x = Tensor.randn(g, 6, 5);
        Tensor fused = net.call(x);
        Tensor[] preActivation = new Tensor[1];
        try (var h = dense.registerForwardHook((m, in, out) -> preActivation[0] = out.single())) {
            Tensor hooked = net.call(x);
            assertTrue(hooked.equalValues(fused), "the same values, fused or not");
        }
        assertTrue(preActivation[0].equalValues(dense.forward(x)), "the hook saw the Dense output before the ReLU");
        assertTrue(preActivation[0].min().item() < 0, "pre-activation values include negatives");
    }

    @Test
    void aHookedPoolingLayerSeesTheActivatedFullSizeInput() {
        ReLU relu = new ReLU();
        MaxPool2d pool = new MaxPool2d(2);
        Sequential net = new Sequential(relu, pool);
        Tensor x = Tensor.randn(g, 1, 2, 4, 4);
        Tensor[] poolInput = new Tensor[1];
        try (var h = pool.registerForwardHook((m, in, out) -> poolInput[0] = in.tensor("input"))) {
            assertTrue(net.call(x).equalValues(pool.forward(x.relu())));
        }
        assertTrue(poolInput[0].equalValues(x.relu()), "the pool's hook saw the ReLU's output");
    }
}
