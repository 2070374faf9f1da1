package io.jgrad;

import io.jgrad.autograd.Grad;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scopes release what ops create inside them, keep what is kept, and leave alone what escapes or was made outside. */
class ScopeTest {
    private static boolean closed(Tensor t) {
        try {
            t.toFloatArray();
            return false;
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            return true;
        }
    }

    @Test
    void closingReleasesWhatOpsCreatedExceptWhatIsKept() {
        Tensor outside = Tensor.of(new float[] {1, 2, 3});
        Tensor temp, kept, view;
        try (Scope s = Scope.open()) {
            temp = outside.mul(2);
            view = temp.reshape(3, 1);
            kept = s.keep(temp.add(1).exp());
            assertEquals(4, s.size(), "the scalars 2 and 1, the product and the sum (the kept exponential is no longer its)");
            assertTrue(s.owns(temp) && !s.owns(kept) && !s.owns(outside));
        }
        assertTrue(closed(temp));
        assertTrue(closed(view), "a view of a released storage is released with it");
        assertFalse(closed(kept));
        assertFalse(closed(outside), "tensors made before the scope are not its");
        assertArrayEquals(new float[] {(float) Math.exp(3), (float) Math.exp(5), (float) Math.exp(7)}, kept.toFloatArray(), 1e-4f);
    }

    @Test
    void keptTensorsMoveToTheEnclosingScope() {
        Tensor inner;
        try (Scope outer = Scope.open()) {
            try (Scope s = Scope.open()) {
                inner = s.keep(Tensor.ones(2).add(1));
            }
            assertFalse(closed(inner));
            assertTrue(outer.owns(inner));
        }
        assertTrue(closed(inner), "released with the outer scope");
    }

    @Test
    void escapedTensorsOutliveEveryScope() {
        Tensor state;
        try (Scope outer = Scope.open(); Scope inner = Scope.open()) {
            state = Scope.escape(Tensor.zeros(4).add(1));
            assertFalse(Scope.isTracked(state));
        }
        assertFalse(closed(state));
        state.addInPlace(Tensor.ones(4));
        assertArrayEquals(new float[] {2, 2, 2, 2}, state.toFloatArray());
    }

    @Test
    void usingAReleasedTensorIsAClearError() {
        Tensor t;
        try (Scope s = Scope.open()) {
            t = Tensor.ones(2, 2).mul(3);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.add(1));
        assertTrue(e.getMessage().contains("F32 storage of 4 elements was closed"), e.getMessage());
    }

    @Test
    void scopesCloseInReverseOrderOnTheirThread() throws Exception {
        Scope outer = Scope.open();
        Scope inner = Scope.open();
        IllegalStateException order = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(order.getMessage().contains("reverse order"), order.getMessage());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                inner.close();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        other.start();
        other.join();
        assertNotNull(failure.get());
        assertTrue(failure.get().getMessage().contains("thread that opened it"), failure.get().getMessage());
        inner.close();
        outer.close();
        outer.close(); // closing twice does nothing
        IllegalStateException keepAfterClose = assertThrows(IllegalStateException.class, () -> outer.keep(Tensor.ones(1)));
        assertTrue(keepAfterClose.getMessage().contains("closed"));
    }

    @Test
    void aTrainingStepInAScopeKeepsTheParametersAndReleasesTheRest() {
        Tensor w = Tensor.of(new float[][] {{0.5f, -1}, {2, 0.25f}}).requiresGrad(true);
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor hidden = null, grad = null;
        for (int step = 0; step < 3; step++) {
            try (Scope s = Scope.open()) {
                hidden = x.matmul(w).tanh();
                hidden.square().sum().backward();
                grad = w.grad();
                try (var off = Grad.off()) {
                    w.addInPlace(grad, -0.1);
                }
                w.zeroGrad();
            }
            assertTrue(closed(hidden), "activations are released");
            assertTrue(closed(grad), "so is the gradient made in the step");
            assertFalse(closed(w), "the parameter, updated in place, lives on");
        }
    }
}
