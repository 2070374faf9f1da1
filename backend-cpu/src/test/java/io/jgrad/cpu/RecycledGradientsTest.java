package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Autograd;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The autograd engine hands gradients it alone held back to the CPU backend after their last use
 * ({@link CpuBackend#recycle}), and later results reuse their arrays without clearing them. Training steps that reuse
 * them must compute exactly what the first step did, and nothing the caller holds may be recycled.
 */
class RecycledGradientsTest {
    /** Linear, ReLU, views (reshape, permute, narrow), a residual sum and a mean square: sizes above the pool's minimum. */
    private static Tensor loss(Tensor x, Tensor w1, Tensor w2) {
        Tensor h = F.linear(x, w1, null).relu();
        Tensor mixed = h.reshape(512, 16, 16).permute(0, 2, 1).reshape(512, 256);
        Tensor y = F.linear(mixed.add(h), w2, null);
        return y.narrow(1, 0, 200).square().mean();
    }

    /** An input [512, 256] and two weights [256, 256] that need gradients. */
    private record Problem(Tensor x, Tensor w1, Tensor w2) {
        static Problem seeded(long seed) {
            Generator g = new Generator(seed);
            return new Problem(Tensor.randn(g, 512, 256), Tensor.randn(g, 256, 256).mul(0.05).requiresGrad(true),
                    Tensor.randn(g, 256, 256).mul(0.05).requiresGrad(true));
        }
    }

    @Test
    void stepsThatReuseRecycledGradientsComputeTheSameGradients() {
        Problem p = Problem.seeded(5);
        Tensor x = p.x(), w1 = p.w1(), w2 = p.w2();
        CpuBackend cpu = (CpuBackend) x.backend();
        float[][] first = null;
        for (int step = 0; step < 4; step++) {
            w1.zeroGrad();
            w2.zeroGrad();
            loss(x, w1, w2).backward();
            float[][] grads = {w1.grad().toFloatArray(), w2.grad().toFloatArray()};
            if (first == null) first = grads;
            assertArrayEquals(first[0], grads[0], "w1's gradient at step " + step);
            assertArrayEquals(first[1], grads[1], "w2's gradient at step " + step);
        }
        assertTrue(cpu.recycledBytes() > 0, "the engine handed gradients back");

        // The same graph in F64 (never recycled) agrees.
        Tensor x64 = x.to(DType.F64), v1 = w1.detach().to(DType.F64).requiresGrad(true);
        Tensor v2 = w2.detach().to(DType.F64).requiresGrad(true);
        loss(x64, v1, v2).backward();
        double[] want = v1.grad().toDoubleArray();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], first[0][i], 1e-5 + 1e-3 * Math.abs(want[i]));
    }

    @Test
    void gradientsHandedToTheCallerAreNeverRecycled() {
        Problem p = Problem.seeded(6);
        Tensor x = p.x(), w1 = p.w1(), w2 = p.w2();
        Tensor h = F.linear(x, w1, null);
        Tensor out = F.linear(h.relu(), w2, null).square().mean();
        List<Tensor> grads = Autograd.grad(out, List.of(h, w1), false);
        float[] dh = grads.get(0).toFloatArray(), dw1 = grads.get(1).toFloatArray();
        for (int step = 0; step < 3; step++) {
            w1.zeroGrad();
            w2.zeroGrad();
            loss(x, w1, w2).backward(); // reuses whatever the first pass recycled
        }
        assertArrayEquals(dh, grads.get(0).toFloatArray(), "dh after later steps");
        assertArrayEquals(dw1, grads.get(1).toFloatArray(), "dw1 after later steps");
    }

    /**
     * A tensor used more than once gets its later gradients added in place into the partial sum the engine alone
     * holds; the sums stay right over steps that reuse recycled arrays, also when both addends are one tensor (y + y,
     * whose rule hands the same gradient to both inputs, so that neither is the engine's alone).
     */
    @Test
    void gradientsOfATensorUsedTwiceAreSummedCorrectly() {
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, 512, 256).requiresGrad(true), w = Tensor.randn(g, 512, 256);
        for (int step = 0; step < 3; step++) {
            x.zeroGrad();
            Tensor y = x.mul(3);
            y.add(y).mul(w).sum().backward(); // d/dx = 6 w
            float[] want = w.mul(6).toFloatArray(), got = x.grad().toFloatArray();
            assertArrayEquals(want, got, "step " + step);
        }
        Tensor a = Tensor.randn(g, 512, 256).requiresGrad(true), b = Tensor.randn(g, 512, 256);
        // Three uses of relu(a): the second and third gradients are added into the first, which the engine holds.
        Tensor r = a.relu();
        r.mul(b).add(r.mul(b.mul(2))).add(r.square()).sum().backward();
        float[] want = b.mul(3).add(r.detach().mul(2)).mul(a.detach().gt(0).to(DType.F32)).toFloatArray();
        float[] got = a.grad().toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * (1 + Math.abs(want[i])), "three uses, element " + i);
        }
    }

    @Test
    void anArrayTheBackendDidNotAllocateIsNeverKept() {
        CpuBackend cpu = new CpuBackend();
        int n = RecycledArrays.MIN_LENGTH + 5;
        cpu.full(DType.F32, n, 7); // a request of this length, so that an array of it would be kept
        float[] callers = new float[n];
        java.util.Arrays.fill(callers, 3f);
        io.jgrad.backend.HostStorage wrapped = io.jgrad.backend.HostStorage.wrap(callers);
        cpu.recycle(wrapped);
        assertEquals(0, cpu.recycledBytes(), "a caller's array is not kept");
        float[] next = io.jgrad.backend.HostStorage.of(cpu.full(DType.F32, n, -1)).floats();
        assertTrue(next != callers, "a later result does not get the caller's array");
        for (float v : callers) assertEquals(3f, v);
    }

    @Test
    void aClosingScopeHandsItsResultsBackButNeverACallersArray() {
        int n = RecycledArrays.MIN_LENGTH + 7;
        float[] callers = new float[n];
        java.util.Arrays.fill(callers, 5f);
        float[] resultArray;
        try (io.jgrad.Scope s = io.jgrad.Scope.open()) {
            Tensor wrapped = Tensor.wrap(callers, io.jgrad.Shape.of(n));
            Tensor sum = wrapped.add(1);
            resultArray = io.jgrad.backend.HostStorage.of(sum.storage()).floats();
            Tensor kept = s.keep(wrapped.mul(2));
            assertEquals(10f, kept.toFloatArray()[0]);
        }
        // Results of that length now come from what the scope released: the sum's array, never the caller's.
        boolean reused = false;
        for (int i = 0; i < 4; i++) {
            Tensor ones = Tensor.full(DType.F32, 1f, n), t = ones.add(2);
            for (Tensor r : new Tensor[] {ones, t}) {
                float[] a = io.jgrad.backend.HostStorage.of(r.storage()).floats();
                assertTrue(a != callers, "a result wrote into the caller's array");
                reused |= a == resultArray;
            }
            assertEquals(3f, t.toFloatArray()[n - 1]);
        }
        assertTrue(reused, "the scope's result was reused");
        for (float v : callers) assertEquals(5f, v);
    }

    @Test
    void fullOverARecycledArrayFillsEveryElement() {
        CpuBackend cpu = new CpuBackend();
        int n = RecycledArrays.MIN_LENGTH + 3;
        for (double value : new double[] {0, -0.0, 2.5}) {
            cpu.full(DType.F32, n, 7); // a request of this length: the pool keeps one array of it from now on
            io.jgrad.backend.HostStorage dirty = io.jgrad.backend.HostStorage.of(cpu.full(DType.F32, n, 1)); // the backend's own
            java.util.Arrays.fill(dirty.floats(), Float.NaN);
            cpu.recycle(dirty);
            assertTrue(dirty.isClosed());
            assertEquals(4L * n, cpu.recycledBytes(), "the dirty array is kept");
            float[] filled = io.jgrad.backend.HostStorage.of(cpu.full(DType.F32, n, value)).floats();
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits((float) value), Float.floatToRawIntBits(filled[i]), "element " + i);
            }
            assertEquals(0, cpu.recycledBytes(), "full took it");
        }
    }
}
