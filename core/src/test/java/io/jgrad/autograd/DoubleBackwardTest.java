package io.jgrad.autograd;

import io.jgrad.Autograd;
import io.jgrad.Conv2dOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static io.jgrad.testing.GradCheck.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double backward's API: {@code Autograd.grad} and {@code backward(createGraph)}, a gradient penalty, errors, and the
 * recorded op descriptions. The per-op second-order checks and Hessian-vector products run on every backend in the
 * backend test kit ({@code SecondOrderGradientChecks}).
 */
class DoubleBackwardTest {
    @Test
    void gradientPenaltyTrainsTheParametersItDependsOn() {
        // WGAN-GP's penalty (||d D(x) / dx|| - 1)^2 for a small MLP critic D: its gradient with respect to the
        // critic's parameters needs the input gradient's graph.
        Tensor x = leaf(8, -1, 1, 4, 3).detach();
        Tensor w1 = leaf(9, -1, 1, 5, 3), b1 = leaf(10, -1, 1, 5), w2 = leaf(11, -1, 1, 1, 5);
        Supplier<Tensor> penalty = () -> {
            try (var on = Grad.on()) {
                Tensor in = x.detach().requiresGrad(true);
                Tensor critic = F.linear(F.linear(in, w1, b1).tanh(), w2, null).sum();
                Tensor dx = Autograd.grad(critic, in, true);
                return dx.square().sum(1, false).sqrt().sub(1).square().mean();
            }
        };
        GradCheck.checkCaptured(penalty, w1, b1, w2);
        assertNotNull(w1.grad());
        assertTrue(w1.grad().abs().sum().item() > 0, "the penalty reaches the first layer's weight");
    }

    @Test
    void backwardWithCreateGraphLeavesDifferentiableGradients() {
        Tensor x = Tensor.of(new double[] {0.5, -1, 2}).requiresGrad(true);
        x.pow(3).sum().backward(Tensor.ones(DType.F64), false, true);
        Tensor first = x.grad();
        assertNotNull(first.gradFn(), "the gradient keeps its graph");
        assertArrayEquals(new double[] {0.75, 3, 12}, first.toDoubleArray(), 1e-12);
        x.zeroGrad();
        first.sum().backward();
        assertArrayEquals(new double[] {3, -6, 12}, x.grad().toDoubleArray(), 1e-12, "d/dx sum(3x^2) = 6x");
    }

    @Test
    void gradientsOfGradientsFlowThroughCasts() {
        // Values exact in F32, so the second derivative through F64 -> F32 -> F64 is exact too.
        Tensor x = Tensor.of(new double[] {0.5, -1, 2}).requiresGrad(true);
        Tensor first = Autograd.grad(x.to(DType.F32).pow(3).sum(), x, true);
        assertEquals(DType.F64, first.dtype());
        assertArrayEquals(new double[] {0.75, 3, 12}, first.toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, -6, 12}, Autograd.grad(first.sum(), x, false).toDoubleArray(), 0);
    }

    @Test
    void gradReturnsGradientsWithoutTouchingDotGrad() {
        Tensor x = leaf(12, -1, 1, 3), y = leaf(13, -1, 1, 3);
        Tensor h = x.mul(y);                    // an intermediate tensor
        Tensor out = h.exp().sum();
        List<Tensor> g = Autograd.grad(List.of(out), List.of(x, h), List.of(Tensor.ones(DType.F64)), false, false, false);
        assertArrayEquals(y.mul(h.exp()).toDoubleArray(), g.get(0).toDoubleArray(), 1e-12);
        assertArrayEquals(h.exp().toDoubleArray(), g.get(1).toDoubleArray(), 1e-12, "gradient of a non-leaf");
        assertNull(x.grad());
        assertNull(y.grad());
        assertNull(g.get(0).gradFn(), "without createGraph the gradient has no graph");
    }

    @Test
    void gradOfAnUnusedInputIsAnErrorUnlessAllowed() {
        Tensor x = leaf(14, -1, 1, 3), unused = leaf(15, -1, 1, 2);
        Tensor out = x.square().sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(out), List.of(x, unused), List.of(Tensor.ones(DType.F64)), true, false, false));
        assertTrue(e.getMessage().contains("input 1 (shape [2]) was not used"), e.getMessage());
        List<Tensor> g = Autograd.grad(List.of(out), List.of(x, unused), List.of(Tensor.ones(DType.F64)), false, false, true);
        assertNotNull(g.get(0));
        assertNull(g.get(1));
    }

    @Test
    void gradChecksItsArguments() {
        Tensor x = leaf(16, -1, 1, 3);
        Tensor out = x.square();
        IllegalArgumentException notScalar = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(out, x, false));
        assertTrue(notScalar.getMessage().contains("one-element output, not shape [3]"), notScalar.getMessage());
        Tensor constant = Tensor.ones(DType.F64, 3);
        IllegalArgumentException noGrad = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(out.sum(), constant, false));
        assertTrue(noGrad.getMessage().contains("input 0 (shape [3]) does not require grad"), noGrad.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(out), List.of(x), List.of(Tensor.ones(DType.F64, 2)), false, false, false));
        assertTrue(shape.getMessage().contains("gradient of shape [2] does not match the tensor's shape [3]"), shape.getMessage());
        IllegalStateException rootWithoutGraph = assertThrows(IllegalStateException.class, () -> Autograd.grad(constant.sum(), x, false));
        assertTrue(rootWithoutGraph.getMessage().contains("does not require grad"), rootWithoutGraph.getMessage());
    }

    @Test
    void withoutRetainingTheGraphASecondPassIsAnError() {
        Tensor x = leaf(17, -1, 1, 3);
        Tensor out = x.exp().sum();
        Autograd.grad(out, x, false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(out, x, false));
        assertTrue(e.getMessage().contains("a second time"), e.getMessage());
        Tensor again = x.exp().sum();
        Autograd.grad(List.of(again), List.of(x), List.of(Tensor.ones(DType.F64)), true, false, false);
        assertNotNull(Autograd.grad(again, x, false), "retained the first time");
    }

    @Test
    void theRecordedOpDescribesWhatWasComputed() {
        Tensor x = Tensor.randn(new Generator(3), 1, 2, 5, 5).to(DType.F64).requiresGrad(true);
        Tensor w = Tensor.randn(new Generator(4), 3, 2, 3, 3).to(DType.F64);
        Tensor y = F.conv2d(x, w, null, Conv2dOptions.defaults().stride(2).padding(1));
        Op.Conv2d conv = assertInstance(Op.Conv2d.class, y.gradFn().description());
        assertEquals(2, conv.params().strideH());
        assertEquals(1, conv.params().padW());
        assertTrue(conv.x() == x && conv.w() == w, "the operands");
        Tensor s = y.sum(new int[] {2, 3}, false);
        Op.Reshape squeeze = assertInstance(Op.Reshape.class, s.gradFn().description());
        Op.Reduce sum = assertInstance(Op.Reduce.class, squeeze.x().gradFn().description());
        assertArrayEquals(new int[] {2, 3}, sum.axes());
        s.sum().backward();
        assertNull(y.gradFn().description(), "dropped after backward");
    }

    private static <T> T assertInstance(Class<T> type, Object value) {
        assertTrue(type.isInstance(value), "expected " + type.getSimpleName() + ", got " + value);
        return type.cast(value);
    }
}
