package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker itself: it must accept right gradients and reject wrong ones with a readable message. */
class GradCheckTest {
    @Test
    void acceptsACorrectGradient() {
        assertDoesNotThrow(() -> GradCheck.check(x -> x.mul(x).sum(), GradCheck.leaf(1, -1, 1, 3)));
    }

    @Test
    void rejectsAWrongGradientNamingInputPositionAndValues() {
        // detach() hides one factor from autograd: the analytic gradient is x, the true one 2x.
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(t -> t.detach().mul(t).sum(), x));
        assertTrue(e.getMessage().contains("input 0"), e.getMessage());
        assertTrue(e.getMessage().contains("flat position 0"), e.getMessage());
        assertTrue(e.getMessage().contains("analytic 1.000000000 vs numeric 2.000000"), e.getMessage());
    }

    @Test
    void checksTheSecondInputToo() {
        Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3, 4}).requiresGrad(true);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check((x, y) -> x.mul(y.detach()).add(y.square().detach()), a, b));
        assertTrue(e.getMessage().contains("input 1"), e.getMessage());
    }

    @Test
    void nonScalarOutputsUseARandomUpstreamGradient() {
        // A rule that returns the same gradient for every element would pass with an all-ones upstream gradient
        // for this function (sum of a permutation); only a random upstream gradient tells positions apart.
        Tensor x = GradCheck.leaf(3, -1, 1, 2, 3);
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.check(t -> t.detach().t().add(t.sum().sub(t.sum().detach())), x));
        assertTrue(e.getMessage().startsWith("gradcheck: input 0"), e.getMessage());
    }

    @Test
    void checksCapturedParametersInPlaceAndRestoresThem() {
        Tensor w = GradCheck.leaf(5, -1, 1, 3, 2);
        Tensor b = GradCheck.leaf(6, -1, 1, 2);
        Tensor x = Tensor.of(new double[][] {{0.5, -1, 2}});
        double[] before = w.toDoubleArray();
        GradCheck.checkCaptured(() -> x.matmul(w).add(b).tanh(), w, b);
        assertTrue(java.util.Arrays.equals(before, w.toDoubleArray()), "values restored exactly");
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.checkCaptured(() -> w.detach().mul(w).sum(), w));
        assertTrue(e.getMessage().startsWith("gradcheck: input 0"), e.getMessage());
    }

    @Test
    void rejectsF32InputsThatRequireGrad() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        assertThrows(AssertionError.class, () -> GradCheck.check(Tensor::exp, x));
    }

    @Test
    void perturbedCopyKeepsANonContiguousLayout() {
        Tensor base = Tensor.arange(0, 6, 1, DType.F64).reshape(2, 3);
        Tensor view = base.t();
        Tensor p = GradCheck.perturbed(view, 1, 0.5);
        assertEquals(view.layout(), p.layout());
        assertTrue(p.equalValues(Tensor.of(new double[][] {{0, 3.5}, {1, 4}, {2, 5}})));
        assertTrue(base.equalValues(Tensor.arange(0, 6, 1, DType.F64).reshape(2, 3)), "the original must be untouched");
    }
}
