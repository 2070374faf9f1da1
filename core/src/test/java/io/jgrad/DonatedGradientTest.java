package io.jgrad;

import static io.jgrad.testing.NumericGradient.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A gradient the autograd engine donates to a rule (it alone holds it and reads it no more): the fused linear ReLU
 * layer masks it in place; a gradient anyone else can still read (the caller's, one passed on to several inputs, one a
 * tensor retains, one handed out by {@link Autograd#grad}) is never written.
 */
class DonatedGradientTest {
    private final Random rng = new Random(9);

    /** A [6, 4] linear ReLU layer on requires-grad operands whose outputs include clamped zeros. */
    private Tensor[] layer() {
        Tensor x = random(rng, 6, 5).requiresGrad(true), w = random(rng, 4, 5).requiresGrad(true);
        return new Tensor[] {x, w, random(rng, 4).requiresGrad(true)};
    }

    @Test
    void theRuleMasksADonatedGradientInPlaceAndGivesTheSameGradients() {
        Tensor[] p = layer();
        Tensor y = F.linearRelu(p[0], p[1], p[2]);
        Tensor g = random(rng, 6, 4), kept = g.contiguousCopy();
        Tensor[] copied = Gradients.of(y.gradFn().description(), kept, false);
        assertArrayEquals(g.toDoubleArray(), kept.toDoubleArray(), "not donated: g left alone");
        Tensor[] inPlace = Gradients.of(y.gradFn().description(), g, true);
        for (int i = 0; i < 3; i++) assertArrayEquals(copied[i].toDoubleArray(), inPlace[i].toDoubleArray(), "input " + i);
        double[] masked = g.toDoubleArray(), out = y.toDoubleArray(), before = kept.toDoubleArray();
        boolean clamped = false;
        for (int i = 0; i < masked.length; i++) {
            assertEquals(out[i] <= 0 ? 0 : before[i], masked[i], "element " + i);
            clamped |= out[i] <= 0;
        }
        assertTrue(clamped, "the case needs outputs clamped to zero");
    }

    @Test
    void theCallersGradientIsNeverWritten() {
        Tensor[] p = layer();
        Tensor gradOut = random(rng, 6, 4);
        double[] before = gradOut.toDoubleArray();
        F.linearRelu(p[0], p[1], p[2]).backward(gradOut);
        assertArrayEquals(before, gradOut.toDoubleArray());
        Tensor[] q = {p[0].detach().requiresGrad(true), p[1].detach().requiresGrad(true), p[2].detach().requiresGrad(true)};
        F.linear(q[0], q[1], q[2]).relu().backward(gradOut);
        for (int i = 0; i < 3; i++) assertArrayEquals(q[i].grad().toDoubleArray(), p[i].grad().toDoubleArray(), "input " + i);
    }

    @Test
    void aGradientPassedToSeveralInputsIsNotWritten() {
        // add's rule hands the same gradient to the layer's output and to a, which must receive it unmasked.
        Tensor[] p = layer();
        Tensor a = random(rng, 6, 4).requiresGrad(true), up = random(rng, 6, 4);
        F.linearRelu(p[0], p[1], p[2]).add(a).mul(up).sum().backward();
        assertArrayEquals(up.toDoubleArray(), a.grad().toDoubleArray());
    }

    @Test
    void aRetainedGradientIsTheUnmaskedOne() {
        Tensor[] p = layer();
        Tensor y = F.linearRelu(p[0], p[1], p[2]).retainGrad(), up = random(rng, 6, 4);
        y.mul(up).sum().backward();
        assertArrayEquals(up.toDoubleArray(), y.grad().toDoubleArray());
        assertNotEquals(0, countZeros(y.toDoubleArray()), "the case needs outputs clamped to zero");
    }

    @Test
    void aGradientHandedOutByAutogradGradIsTheUnmaskedOne() {
        Tensor[] p = layer();
        Tensor y = F.linearRelu(p[0], p[1], p[2]), up = random(rng, 6, 4);
        var grads = Autograd.grad(y.mul(up).sum(), java.util.List.of(y, p[0]), false);
        assertArrayEquals(up.toDoubleArray(), grads.get(0).toDoubleArray());
        Tensor x2 = p[0].detach().requiresGrad(true);
        F.linear(x2, p[1].detach(), p[2].detach()).relu().mul(up).sum().backward();
        assertArrayEquals(x2.grad().toDoubleArray(), grads.get(1).toDoubleArray());
    }

    @Test
    void aGradientRecordedForSecondDerivativesKeepsItsMaskInTheGraph() {
        // d/dz of sum(d sum(y * z) / dx): the ReLU mask must be a recorded op of the first gradient's graph.
        Tensor[] p = layer();
        Tensor z = random(rng, 6, 4).requiresGrad(true);
        Tensor gx = Autograd.grad(F.linearRelu(p[0], p[1], p[2]).mul(z).sum(), p[0], true);
        gx.sum().backward();
        Tensor z2 = z.detach().requiresGrad(true), x2 = p[0].detach().requiresGrad(true);
        Autograd.grad(F.linear(x2, p[1].detach(), p[2].detach()).relu().mul(z2).sum(), x2, true).sum().backward();
        assertArrayEquals(z2.grad().toDoubleArray(), z.grad().toDoubleArray());
        assertNotEquals(0, countZeros(z.grad().toDoubleArray()), "the case needs outputs clamped to zero");
    }

    private static int countZeros(double[] v) {
        int n = 0;
        for (double d : v) if (d == 0) n++;
        return n;
    }
}
