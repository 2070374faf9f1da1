package io.jgrad.conv;

import static io.jgrad.testing.NumericGradient.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.FusedUpdates;
import io.jgrad.Tensor;
import io.jgrad.backend.AdamStep;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * F.linear (values, which inputs get gradients, shape errors) and the fused Adam update. The F64 gradient checks of
 * linear and linearRelu are in the backend test kit ({@link io.jgrad.testing.FunctionalGradientChecks}).
 */
class LinearAndFusedUpdateTest {
    private final Random rng = new Random(5);

    @Test
    void linearEqualsMatmulPlusBias() {
        Tensor x = random(rng, 6, 5), w = random(rng, 3, 5), b = random(rng, 3);
        assertTrue(F.linear(x, w, b).allClose(x.matmul(w.t()).add(b), 1e-12, 1e-12));
        assertTrue(F.linear(x, w, null).allClose(x.matmul(w.t()), 1e-12, 1e-12));
        // Leading dimensions are kept; a 1-D input gives a 1-D output.
        Tensor x3 = random(rng, 2, 4, 5);
        assertEquals(java.util.List.of(2, 4, 3), java.util.Arrays.stream(F.linear(x3, w, b).dims()).boxed().toList());
        assertTrue(F.linear(x3, w, b).allClose(x3.matmul(w.t()).add(b), 1e-12, 1e-12));
        assertTrue(F.linear(random(rng, 5), w, b).rank() == 1);
    }

    @Test
    void linearReluEqualsReluOfLinearWithTheSameGradients() {
        Tensor x = random(rng, 6, 5), w = random(rng, 3, 5), b = random(rng, 3);
        assertTrue(F.linearRelu(x, w, b).allClose(F.linear(x, w, b).relu(), 0, 0));
        assertTrue(F.linearRelu(x, w, null).allClose(F.linear(x, w, null).relu(), 0, 0));
        Tensor x3 = random(rng, 2, 4, 5);
        assertTrue(F.linearRelu(x3, w, b).allClose(F.linear(x3, w, b).relu(), 0, 0));
        // NaN passes through ReLU (only x <= 0 becomes 0), fused or not.
        Tensor nanRow = Tensor.of(new double[] {Double.NaN, 0, 0, 0, 0}).reshape(1, 5);
        assertTrue(Double.isNaN(F.linearRelu(nanRow, w, b).toDoubleArray()[0]));

        // Exactly the gradients of the two ops, including at outputs clamped to zero.
        Tensor x1 = random(rng, 8, 6).requiresGrad(true), w1 = random(rng, 5, 6).requiresGrad(true), b1 = random(rng, 5).requiresGrad(true);
        Tensor x2 = x1.detach().requiresGrad(true), w2 = w1.detach().requiresGrad(true), b2 = b1.detach().requiresGrad(true);
        Tensor up = random(rng, 8, 5);
        F.linearRelu(x1, w1, b1).mul(up).sum().backward();
        F.linear(x2, w2, b2).relu().mul(up).sum().backward();
        assertTrue(x1.grad().allClose(x2.grad(), 0, 0));
        assertTrue(w1.grad().allClose(w2.grad(), 0, 0));
        assertTrue(b1.grad().allClose(b2.grad(), 0, 0));
    }

    @Test
    void inputThatNeedsNoGradientGetsNone() {
        Tensor x = random(rng, 5, 7), w = random(rng, 4, 7).requiresGrad(true), b = random(rng, 4).requiresGrad(true);
        F.linear(x, w, b).sum().backward();
        assertNull(x.grad());
        assertNotNull(w.grad());
        // db = column sums of the output gradient (all ones here): one per row.
        assertTrue(b.grad().allClose(Tensor.full(DType.F64, 5, 4)));
    }

    @Test
    void linearShapeErrorsNameTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.linear(random(rng, 5, 6), random(rng, 4, 7), null));
        assertTrue(e.getMessage().contains("[5, 6]") && e.getMessage().contains("[4, 7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.linear(random(rng, 5, 7), random(rng, 4, 7), random(rng, 3)));
    }

    @Test
    void fusedAdamMatchesTheFormulaAndBumpsVersions() {
        Tensor p = random(rng, 3, 17), g = random(rng, 3, 17), m = random(rng, 3, 17).mul(0.1), v = random(rng, 3, 17).abs().mul(0.01);
        double[] pe = p.toDoubleArray(), ge = g.toDoubleArray(), me = m.toDoubleArray(), ve = v.toDoubleArray();
        int before = p.version();
        AdamStep s = new AdamStep(1e-2, 0.9, 0.999, 1e-8, 3);
        FusedUpdates.adam(p, g, m, v, s);
        double bc1 = 1 - Math.pow(0.9, 3), bc2 = 1 - Math.pow(0.999, 3);
        for (int i = 0; i < pe.length; i++) {
            me[i] = 0.9 * me[i] + 0.1 * ge[i];
            ve[i] = 0.999 * ve[i] + 0.001 * ge[i] * ge[i];
            pe[i] -= 1e-2 / bc1 * me[i] / (Math.sqrt(ve[i]) / Math.sqrt(bc2) + 1e-8);
        }
        assertTrue(p.allClose(Tensor.of(pe, 3, 17), 1e-12, 1e-12));
        assertTrue(m.allClose(Tensor.of(me, 3, 17), 1e-12, 1e-12));
        assertTrue(v.allClose(Tensor.of(ve, 3, 17), 1e-12, 1e-12));
        assertTrue(p.version() > before);
    }

    @Test
    void fusedAdamRejectsMismatchedState() {
        Tensor p = random(rng, 3, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> FusedUpdates.adam(p, random(rng, 3, 4), random(rng, 4, 3), random(rng, 3, 4), new AdamStep(1e-3, 0.9, 0.999, 1e-8, 1)));
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdamStep(1e-3, 0.9, 0.999, 1e-8, 0));
    }
}
