package io.jgrad.cpu;

import io.jgrad.Conv2dOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import io.jgrad.backend.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CpuBackend runs conv and pooling on its own kernels and agrees with the reference backend, gradients included. */
class CpuBackendConvTest {
    private final CpuBackend cpu = new CpuBackend();
    private final ReferenceBackend ref = new ReferenceBackend();

    @Test
    void convolutionForwardAndBothGradients() {
        Generator g = new Generator(4);
        Tensor x = Tensor.randn(g, 3, 4, 9, 9), w = Tensor.randn(g, 6, 4, 3, 3), b = Tensor.randn(g, 6), up = Tensor.randn(g, 3, 6, 5, 5);
        Conv2dOptions o = Conv2dOptions.defaults().stride(2).padding(1);
        Tensor[] onCpu = {x.to(cpu).requiresGrad(true), w.to(cpu).requiresGrad(true), b.to(cpu).requiresGrad(true)};
        Tensor[] onRef = {x.to(ref).requiresGrad(true), w.to(ref).requiresGrad(true), b.to(ref).requiresGrad(true)};
        Tensor yCpu = F.conv2d(onCpu[0], onCpu[1], onCpu[2], o), yRef = F.conv2d(onRef[0], onRef[1], onRef[2], o);
        assertEquals("cpu-simd", yCpu.backend().name());
        assertTrue(yCpu.to(ref).allClose(yRef, 1e-4, 1e-4));
        yCpu.backward(up.to(cpu));
        yRef.backward(up.to(ref));
        for (int i = 0; i < 3; i++) assertTrue(onCpu[i].grad().to(ref).allClose(onRef[i].grad(), 1e-4, 1e-4), "gradient " + i);
    }

    @Test
    void maxPool2x2FastPathKeepsFirstMaximumAndNaN() {
        // Ties (all equal windows) and NaN: the first maximum's position wins, NaN propagates, as in PyTorch.
        float[] v = new float[2 * 4 * 6];
        Generator g = new Generator(1);
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.floor(g.nextDouble() * 3);
        v[5] = Float.NaN;
        Tensor x = Tensor.of(v, 1, 2, 4, 6);
        Tensor xc = x.to(cpu).requiresGrad(true), xr = x.to(ref).requiresGrad(true);
        Tensor yc = F.maxPool2d(xc, Pool2dOptions.kernel(2)), yr = F.maxPool2d(xr, Pool2dOptions.kernel(2));
        assertArrayEquals(yr.toFloatArray(), yc.toFloatArray());
        assertTrue(Float.isNaN(yc.toFloatArray()[2]));
        Tensor up = Tensor.rand(g, 1, 2, 2, 3);
        yc.backward(up.to(cpu));
        yr.backward(up.to(ref));
        assertArrayEquals(xr.grad().toFloatArray(), xc.grad().toFloatArray());
    }

    @Test
    void boolMasksBecomeFloats() {
        Tensor x = Tensor.randn(new Generator(2), 1000).to(cpu);
        Tensor mask = x.gt(0);
        assertEquals(DType.BOOL, mask.dtype());
        Tensor f = mask.to(DType.F32);
        float[] values = x.toFloatArray(), m = f.toFloatArray();
        for (int i = 0; i < values.length; i++) assertEquals(values[i] > 0 ? 1f : 0f, m[i]);
        assertArrayEquals(mask.to(ref).to(DType.F32).toFloatArray(), m);
    }
}
