package io.jgrad.autograd;

import io.jgrad.Autograd;
import io.jgrad.DType;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's contract: accumulation, grad mode, graph lifetime, version checks, explicit gradients, depth. */
class AutogradSemanticsTest {
    private static Tensor leaf(double... v) { return Tensor.of(v).requiresGrad(true); }

    @Test
    void leavesAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void aSumsBroadcastGradientBecomesAContiguousWritableLeafGradient() {
        // sum's rule hands on g expanded (stride 0, as PyTorch's does); a leaf keeps a contiguous copy of its own.
        Tensor x = leaf(1, 2, 3);
        x.sum().backward();
        assertTrue(x.grad().isContiguous());
        x.grad().mulInPlace(Tensor.of(new double[] {1, 2, 3}));
        assertArrayEquals(new double[] {1, 2, 3}, x.grad().toDoubleArray());
        Tensor y = leaf(1, 2, 3);
        y.square().sum().backward();
        assertArrayEquals(new double[] {2, 4, 6}, y.grad().toDoubleArray());
    }

    @Test
    void gradientsArrivingOnSeveralEdgesAreSummed() {
        Tensor x = leaf(2);
        // y = x*x + x*3 + x/x ... d/dx = 2x + 3 + 0
        Tensor y = x.mul(x).add(x.mul(3)).add(x.div(x));
        y.sum().backward();
        assertEquals(7, x.grad().item(), 1e-15);
        // A diamond: a = x + 1, b = a * a, c = a * 2, out = b + c; d/dx = 2a + 2 at a = 3 -> 8.
        Tensor z = leaf(2);
        Tensor a = z.add(1);
        a.mul(a).add(a.mul(2)).sum().backward();
        assertEquals(8, z.grad().item(), 1e-15);
    }

    @Test
    void gradientsOfSeveralSlicesOfOneTensorAreSummed() {
        // The engine adds a slice's gradient into the region of the gradient its input already has (q, k and v of one
        // projection); chunks, an overlapping step slice and a selected row must still sum as separate edges would,
        // with and without createGraph (which records the sums instead).
        for (boolean createGraph : new boolean[] {false, true}) {
            Tensor x = Tensor.of(new double[12], 3, 4).requiresGrad(true);
            Tensor p = x.mul(2);
            p.retainGrad();
            var parts = p.chunk(2, 1);
            Tensor out = parts.get(0).sum().add(parts.get(1).mul(2).sum()).add(p.slice(1, 1, 4, 2).mul(10).sum())
                    .add(p.select(0, 1).mul(100).sum());
            double[] expected = new double[12];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    expected[i * 4 + j] = (j < 2 ? 1 : 2) + (j % 2 == 1 ? 10 : 0) + (i == 1 ? 100 : 0);
                }
            }
            if (createGraph) {
                Tensor gx = Autograd.grad(out, List.of(x), true).get(0);
                assertArrayEquals(Arrays.stream(expected).map(v -> 2 * v).toArray(), gx.toDoubleArray());
            } else {
                out.backward();
                assertArrayEquals(expected, p.grad().toDoubleArray());
                assertArrayEquals(Arrays.stream(expected).map(v -> 2 * v).toArray(), x.grad().toDoubleArray());
            }
        }
    }

    @Test
    void leafGradientsAreNotAliasedWithEachOtherOrTheUpstreamGradient() {
        Tensor x = leaf(1, 2), y = leaf(3, 4);
        Tensor upstream = Tensor.of(new double[] {1, 1});
        x.add(y).backward(upstream);
        assertNotSame(x.grad(), y.grad());
        assertNotSame(upstream, x.grad());
        // An optimizer or clipper may scale a gradient in place; that must touch nothing else.
        try (var off = Grad.off()) {
            x.grad().mulInPlace(10);
        }
        assertArrayEquals(new double[] {1, 1}, y.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 1}, upstream.toDoubleArray());
    }

    @Test
    void adoptedOrCopiedLeafGradientsStayPrivate() {
        // w's gradient is made by matmul's rule for w alone (the engine may take it without a copy); x's comes through
        // a reshape, a view of the upstream gradient; b's is the sum of two contributions the engine added itself.
        Tensor x = leaf(1, 2, 3, 4), w = leaf(1, 0, 0, 1), b = leaf(1, 1);
        Tensor upstream = Tensor.of(new double[] {1, 1, 1, 1}).reshape(2, 2);
        Tensor out = x.reshape(2, 2).matmul(w.reshape(2, 2)).add(b).add(b.mul(2));
        out.backward(upstream);
        assertArrayEquals(new double[] {4, 4, 6, 6}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 1}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {6, 6}, b.grad().toDoubleArray());
        try (var off = Grad.off()) {
            w.grad().mulInPlace(10);
            x.grad().mulInPlace(10);
            b.grad().mulInPlace(10);
        }
        assertArrayEquals(new double[] {1, 1, 1, 1}, upstream.toDoubleArray(), "upstream gradient untouched");
        assertArrayEquals(new double[] {40, 40, 60, 60}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {10, 10, 10, 10}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {60, 60}, b.grad().toDoubleArray());
        // A second backward accumulates into the existing gradients.
        x.reshape(2, 2).matmul(w.reshape(2, 2)).add(b).add(b.mul(2)).backward(upstream);
        assertArrayEquals(new double[] {44, 44, 66, 66}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {66, 66}, b.grad().toDoubleArray());
    }

    @Test
    void detachCutsTheGraphButSharesData() {
        Tensor x = leaf(1, 2);
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        Tensor y = x.mul(d).sum();
        y.backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray(), "d is a constant for autograd");
        Tensor view = x.detach();
        assertSame(x.storage(), view.storage());
    }

    @Test
    void gradOffBuildsNoGraphAndRestoresTheMode() {
        Tensor x = leaf(1, 2);
        try (var off = Grad.off()) {
            assertFalse(Grad.isEnabled());
            Tensor y = x.mul(2).exp().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var on = Grad.on()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(Grad.isEnabled());
        }
        assertTrue(Grad.isEnabled());
        assertTrue(x.mul(2).requiresGrad());
        assertEquals("mul", x.mul(2).gradFn().op());
    }

    @Test
    void opsOnTensorsThatDoNotRequireGradRecordNothing() {
        Tensor a = Tensor.of(new double[] {1, 2});
        Tensor b = a.mul(a).sum();
        assertFalse(b.requiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, b::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void graphIsFreedAfterBackwardUnlessRetained() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());

        Tensor z = leaf(1, 2);
        Tensor w = z.exp().sum();
        w.backward(Tensor.ones(DType.F64), true);
        w.backward(Tensor.ones(DType.F64), true);
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, z.grad().toDoubleArray(), 1e-12);
        w.backward(Tensor.ones(DType.F64), false);
        assertThrows(IllegalStateException.class, w::backward);
    }

    @Test
    void sharedSubgraphFreedByTheFirstLossRaisesOnTheSecond() {
        Tensor x = leaf(1);
        Tensor h = x.exp();
        h.mul(2).sum().backward();
        assertThrows(IllegalStateException.class, () -> h.mul(3).sum().backward());
    }

    @Test
    void explicitUpstreamGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        y.backward(Tensor.of(new double[] {1, 0.5, -1}));
        assertArrayEquals(new double[] {2, 2, -6}, x.grad().toDoubleArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaf(1, 2).mul(2).backward());
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("one-element"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> leaf(1, 2).mul(2).backward(Tensor.ones(DType.F64, 3)));
        assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2]"), shape.getMessage());
    }

    @Test
    void upstreamGradientIsConvertedToTheOutputsDType() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        y.backward(Tensor.of(new float[] {1, 0.5f}));
        assertEquals(DType.F64, x.grad().dtype());
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
        Tensor f = Tensor.of(new float[] {3}).requiresGrad(true);
        f.mul(f).backward(Tensor.of(new double[] {0.1}));
        assertEquals(DType.F32, f.grad().dtype());
        assertEquals(0.6f, (float) f.grad().item());
    }

    @Test
    void backwardOnAOneElementNonScalarTensor() {
        Tensor x = leaf(3);
        x.mul(x).reshape(1, 1).backward();
        assertEquals(6, x.grad().item());
    }

    @Test
    void retainGradKeepsTheGradientOfANonLeaf() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3).retainGrad();
        Tensor other = x.mul(3);
        h.square().sum().add(other.sum()).backward();
        assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray());
        assertNull(other.grad());
        assertArrayEquals(new double[] {18 + 3, 36 + 3}, x.grad().toDoubleArray());
    }

    @Test
    void inPlaceChangeOfATensorSavedForBackwardIsDetected() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(new double[] {3, 4});
        Tensor y = x.mul(c).sum();
        c.mulInPlace(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("'mul'") && e.getMessage().contains("in-place")
                && e.getMessage().contains("version 0 became 1"), e.getMessage());
    }

    @Test
    void inPlaceChangeOfALeafThroughADetachedViewIsDetected() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp().mul(x).sum();
        x.detach().fill(5);
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void inPlaceChangeOfATensorNotSavedIsAllowed() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(new double[] {3, 4});
        Tensor y = x.add(c).sum();
        c.mulInPlace(2);
        y.backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void inPlaceOnATensorThatRequiresGradRaisesUnlessGradIsOff() {
        Tensor x = leaf(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.addInPlace(Tensor.ones(DType.F64, 2)));
        assertTrue(e.getMessage().contains("requires grad") && e.getMessage().contains("Grad.off()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.mul(2).zero());
        assertThrows(IllegalStateException.class, () -> x.select(0, 0).fill(1));
        try (var off = Grad.off()) {
            x.addInPlace(Tensor.ones(DType.F64, 2), 0.5);
        }
        assertArrayEquals(new double[] {1.5, 2.5}, x.toDoubleArray());
        assertEquals(1, x.version());
    }

    @Test
    void inPlaceOpsWriteThroughViewsAndBumpTheSharedVersion() {
        Tensor a = Tensor.zeros(DType.F64, 2, 3);
        Tensor col = a.select(1, 1);
        col.fill(7);
        assertArrayEquals(new double[] {0, 7, 0, 0, 7, 0}, a.toDoubleArray());
        assertEquals(1, a.version());
        a.t().slice(0, 0, 3, 2).addInPlace(Tensor.of(new double[] {1, 2}));
        assertArrayEquals(new double[] {1, 7, 1, 2, 7, 2}, a.toDoubleArray());
        a.copyFrom(Tensor.of(new float[] {1, 2, 3}));
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, a.toDoubleArray());
        a.subInPlace(Tensor.ones(DType.F64, 3)).divInPlace(Tensor.full(DType.F64, 2, 1)).mulInPlace(Tensor.full(DType.F64, 4, 2, 3));
        assertArrayEquals(new double[] {0, 2, 4, 0, 2, 4}, a.toDoubleArray());
        assertEquals(6, a.version());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(3).expand(2, 3).fill(1));
        assertTrue(e.getMessage().contains("expanded"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.I64, 2).divInPlace(Tensor.ones(DType.I64, 2)));
    }

    @Test
    void copyFromAnOverlappingViewOfTheSameStorage() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4});
        a.slice(0, 1, 4).copyFrom(a.slice(0, 0, 3));
        assertArrayEquals(new double[] {1, 1, 2, 3}, a.toDoubleArray());
    }

    @Test
    void reluGradientPassesNaNInputsAndStopsAtBothZeros() {
        Tensor z = leaf(Double.NaN, -0.0, 0, -1, 3);
        Tensor upstream = Tensor.of(new double[] {2, 3, 4, 5, -0.0}, 5);
        z.relu().mul(upstream).sum().backward();
        double[] g = z.grad().toDoubleArray();
        assertEquals(2.0, g[0], "NaN input: x <= 0 is false, the gradient passes (as PyTorch's threshold_backward)");
        assertEquals(0.0, g[1], "relu'(-0) = 0");
        assertEquals(0.0, g[2], "relu'(0) = 0");
        assertEquals(0.0, g[3]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(g[4]), "a -0 gradient passes unchanged");
    }

    @Test
    void gradientsAtKinksAndTiesFollowPyTorch() {
        Tensor x = leaf(1, 3, 3);
        x.max().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5}, x.grad().toDoubleArray(), "ties share the gradient evenly");
        Tensor a = leaf(2, 5), b = leaf(2, 1);
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 1}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.5, 0}, b.grad().toDoubleArray());
        Tensor z = leaf(0, -1, 2);
        z.relu().sum().backward();
        assertArrayEquals(new double[] {0, 0, 1}, z.grad().toDoubleArray(), "relu'(0) = 0");
        Tensor w = leaf(0, -1);
        w.abs().sum().backward();
        assertArrayEquals(new double[] {0, -1}, w.grad().toDoubleArray(), "abs'(0) = 0");
        Tensor c = leaf(-1, 0.5, 1, 2);
        c.clamp(-1, 1).sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 0}, c.grad().toDoubleArray(), "the bounds themselves pass the gradient");
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Tensor x = leaf(0.5);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) y = y.mul(1.0001).add(0);
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 10_000), x.grad().item(), 1e-9);
    }

    @Test
    void requiresGradRules() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.I64, 2).requiresGrad(true));
        Tensor y = leaf(1).mul(2);
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertFalse(y.isLeaf());
        Tensor x = leaf(1);
        assertTrue(x.isLeaf());
        assertSame(x, x.requiresGrad(false));
        assertFalse(x.requiresGrad());
    }

    @Test
    void castsBetweenFloatingTypesCarryGradientsInTheLeafsDType() {
        Tensor x = leaf(1, 2);
        x.to(DType.F32).mul(3).sum().backward();
        assertEquals(DType.F64, x.grad().dtype());
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
        Tensor f = Tensor.of(new float[] {1.5f, -2f}).requiresGrad(true);
        f.to(DType.F64).square().sum().backward();
        assertEquals(DType.F32, f.grad().dtype());
        assertArrayEquals(new double[] {3, -4}, f.grad().toDoubleArray());
        Tensor i = leaf(1.7).to(DType.I64);
        assertFalse(i.requiresGrad(), "integer results do not require grad");
    }

    @Test
    void setGradChecksTheShape() {
        Tensor x = leaf(1, 2);
        x.setGrad(Tensor.ones(DType.F64, 2));
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.ones(DType.F64, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.ones(DType.F32, 2)));
        assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
        x.setGrad(null);
        assertNull(x.grad());
    }

    @Test
    void gradientsOfUnusedInputsStayNull() {
        Tensor x = leaf(1), unused = leaf(2);
        x.mul(2).sum().backward();
        assertNull(unused.grad());
    }

    @Test
    void nodeExposesOpAndInputs() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp();
        assertEquals("exp", y.gradFn().op());
        assertSame(x, y.gradFn().inputs()[0]);
        y.sum().backward();
        assertEquals(0, y.gradFn().inputs().length, "freed after backward");
    }
}
