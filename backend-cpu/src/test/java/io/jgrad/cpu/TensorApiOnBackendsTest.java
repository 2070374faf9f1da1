package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole computations through the Tensor API give the same values and gradients on cpu-simd as on the reference. */
class TensorApiOnBackendsTest {
    private static final Backend REFERENCE = Backends.named("reference", Device.CPU);
    private static final Backend SIMD = Backends.named("cpu-simd", Device.CPU);

    /** Loss, logits and every parameter's gradient of a two-layer MLP with log-softmax cross-entropy. */
    private static Map<String, float[]> mlpStep(Backend backend) {
        Generator g = new Generator(7);
        int batch = 37, in = 29, hidden = 65, classes = 10;
        Tensor x = Tensor.randn(g, batch, in).to(backend);
        // w1 is stored [hidden, in] and used transposed, as a Linear layer does: matmul sees a transposed view.
        Tensor w1 = Tensor.randn(g, hidden, in).mul(0.2).to(backend).detach().requiresGrad(true);
        Tensor b1 = Tensor.randn(g, hidden).mul(0.1).to(backend).detach().requiresGrad(true);
        Tensor w2 = Tensor.randn(g, hidden, classes).mul(0.2).to(backend).detach().requiresGrad(true);
        Tensor b2 = Tensor.randn(g, classes).mul(0.1).to(backend).detach().requiresGrad(true);
        Tensor labels = Tensor.randint(g, 0, classes, batch).to(backend);

        Tensor h = x.matmul(w1.t()).add(b1).relu();
        Tensor logits = h.matmul(w2).add(b2).tanh().mul(3);
        Tensor loss = logits.logSoftmax(1).mul(labels.oneHot(classes).to(DType.F32)).sum().neg().div(batch);
        loss.backward();

        assertEquals(backend, loss.backend(), "the loss is computed on the backend under test");
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put("loss", loss.toFloatArray());
        out.put("logits", logits.toFloatArray());
        out.put("softmax", logits.softmax(1).toFloatArray());
        out.put("argmax", toFloats(logits.argmax(1, false).toLongArray()));
        out.put("w1.grad", w1.grad().toFloatArray());
        out.put("b1.grad", b1.grad().toFloatArray());
        out.put("w2.grad", w2.grad().toFloatArray());
        out.put("b2.grad", b2.grad().toFloatArray());
        return out;
    }

    private static float[] toFloats(long[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return f;
    }

    @Test
    void mlpForwardAndBackwardMatchTheReference() {
        Map<String, float[]> expected = mlpStep(REFERENCE), actual = mlpStep(SIMD);
        for (String key : expected.keySet()) {
            float[] e = expected.get(key), a = actual.get(key);
            assertEquals(e.length, a.length, key + " length");
            double norm = 0;
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - a[i]) <= 1e-4 + 1e-4 * Math.abs(e[i]), key + "[" + i + "]: reference " + e[i] + ", cpu-simd " + a[i]);
                norm += Math.abs(e[i]);
            }
            assertTrue(norm > 0, key + " is all zeros, which would make the comparison meaningless");
        }
    }
}
