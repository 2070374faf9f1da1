package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Conv2dOptions;
import io.jgrad.BatchNormOptions;
import io.jgrad.ConvTranspose1dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Pool1dOptions;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Whole computations through the Tensor API (an MLP training step, convolutions and pooling with autograd, masks)
 * give the same values and gradients on the backend under test as on the reference backend, and their results live
 * on the backend under test.
 */
public abstract class TensorApiContract extends KitSuite {
    protected TensorApiContract(BackendTestKit kit) { super(kit); }

    /** Loss, logits and every parameter's gradient of a two-layer MLP with log-softmax cross-entropy on {@code b}. */
    private static Map<String, float[]> mlpStep(Backend b) {
        try (var on = Backends.use(b)) {
            Generator g = new Generator(7);
            int batch = 37, in = 29, hidden = 65, classes = 10;
            Tensor x = Tensor.randn(g, batch, in);
            // w1 is stored [hidden, in] and used transposed, as a Linear layer does: matmul sees a transposed view.
            Tensor w1 = Tensor.randn(g, hidden, in).mul(0.2).detach().requiresGrad(true);
            Tensor b1 = Tensor.randn(g, hidden).mul(0.1).detach().requiresGrad(true);
            Tensor w2 = Tensor.randn(g, hidden, classes).mul(0.2).detach().requiresGrad(true);
            Tensor b2 = Tensor.randn(g, classes).mul(0.1).detach().requiresGrad(true);
            Tensor labels = Tensor.randint(g, 0, classes, batch);

            Tensor h = x.matmul(w1.t()).add(b1).relu();
            Tensor logits = h.matmul(w2).add(b2).tanh().mul(3);
            Tensor loss = logits.logSoftmax(1).mul(labels.oneHot(classes).to(DType.F32)).sum().neg().div(batch);
            loss.backward();

            assertEquals(b, loss.backend(), "the loss is computed on the backend under test");
            assertEquals(b, w1.grad().backend(), "gradients are computed on the backend under test");
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
    }

    private static float[] toFloats(long[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return f;
    }

    /**
     * Cross-entropy (log-softmax, the label's entry, the mean), as the losses compute it, of F32 logits
     * [b, b+1, b+2] with b up to 1e5 stays within float precision of the F64 value: the loss of a confident model
     * does not drift with the logits' magnitude.
     */
    @Test
    void crossEntropyOfLargeF32LogitsKeepsFloatPrecision() {
        for (double b : new double[] {1e3, 1e4, 1e5}) {
            Tensor logits = Tensor.of(new float[] {(float) b, (float) b + 1, (float) b + 2, (float) b + 2, (float) b,
                (float) b + 1}, 2, 3);
            Tensor labels = Tensor.of(new long[] {0, 2}, 2, 1);
            double loss = logits.logSoftmax(1).gather(1, labels).mean().neg().item();
            double logSum = Math.log(1 + Math.exp(-1) + Math.exp(-2));
            double exact = ((2 + logSum) + (1 + logSum)) / 2; // the labels' entries are 2 and 1 below their row's maximum
            assertEquals(exact, loss, 2 * Math.ulp((float) exact), "cross-entropy of logits near " + b);
        }
    }

    @Test
    void mlpForwardAndBackwardMatchTheReference() {
        double tol = tolerance(DType.F32);
        Map<String, float[]> expected = mlpStep(REFERENCE), actual = mlpStep(backend());
        for (String key : expected.keySet()) {
            float[] e = expected.get(key), a = actual.get(key);
            assertEquals(e.length, a.length, key + " length");
            double norm = 0;
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - a[i]) <= tol + tol * Math.abs(e[i]),
                        key + "[" + i + "]: reference " + e[i] + ", " + backend().name() + " " + a[i]);
                norm += Math.abs(e[i]);
            }
            assertTrue(norm > 0, key + " is all zeros, which would make the comparison meaningless");
        }
    }

    /**
     * {@code f} of random inputs of the given shapes on the reference and on the backend under test: the outputs, and
     * the inputs' gradients for the same random upstream gradient, agree; the results live on the backend under test.
     */
    private void sameOnBothBackends(String what, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        Backend backend = backend();
        double tol = tolerance(DType.F32);
        Generator gen = new Generator(5);
        Tensor[] ref = new Tensor[shapes.length], acc = new Tensor[shapes.length];
        Tensor outRef, up;
        try (var onReference = Backends.use(REFERENCE)) {
            for (int i = 0; i < shapes.length; i++) {
                Tensor t = Tensor.randn(gen, shapes[i]);
                ref[i] = t.detach().requiresGrad(true);
                acc[i] = t.to(backend).detach().requiresGrad(true);
            }
            outRef = f.apply(List.of(ref));
            up = Tensor.randn(gen, outRef.dims());
            outRef.backward(up);
        }
        Tensor outAcc = f.apply(List.of(acc));
        assertOnBackend(what + ": the output", outAcc);
        assertTrue(outAcc.allClose(outRef.detach().to(backend), tol, tol), what + ": outputs differ");
        outAcc.backward(up.to(backend));
        for (int i = 0; i < shapes.length; i++) {
            assertOnBackend(what + ": the gradient of input " + i, acc[i].grad());
            assertTrue(acc[i].grad().allClose(ref[i].grad().to(backend), tol, tol),
                    what + ": gradient of input " + i + " differs");
        }
    }

    @Test
    void convolutionsAndPoolingMatchTheReference() {
        sameOnBothBackends("conv2d", in -> F.conv2d(in.get(0), in.get(1), in.get(2), Conv2dOptions.defaults().stride(2).padding(1)),
                new int[] {2, 3, 9, 8}, new int[] {5, 3, 3, 3}, new int[] {5});
        sameOnBothBackends("conv2d 4 -> 6 channels", in -> F.conv2d(in.get(0), in.get(1), in.get(2),
                Conv2dOptions.defaults().stride(2).padding(1)), new int[] {3, 4, 9, 9}, new int[] {6, 4, 3, 3}, new int[] {6});
        sameOnBothBackends("depthwise", in -> F.conv2d(in.get(0), in.get(1), null, Conv2dOptions.defaults().padding(1).groups(4)),
                new int[] {2, 4, 6, 6}, new int[] {8, 1, 3, 3});
        sameOnBothBackends("conv_transpose2d", in -> F.convTranspose2d(in.get(0), in.get(1), in.get(2),
                ConvTranspose2dOptions.defaults().stride(2).padding(1).outputPadding(1)), new int[] {2, 3, 4, 4}, new int[] {3, 2, 3, 3}, new int[] {2});
        sameOnBothBackends("conv_transpose2d wide output padding", in -> F.convTranspose2d(in.get(0), in.get(1), null,
                ConvTranspose2dOptions.defaults().padding(1).outputPadding(1).dilation(2)), new int[] {1, 2, 4, 3}, new int[] {2, 3, 3, 3});
        sameOnBothBackends("max_pool2d", in -> F.maxPool2d(in.get(0), Pool2dOptions.kernel(3).stride(2).padding(1).ceilMode(true)),
                new int[] {2, 3, 7, 8});
        sameOnBothBackends("avg_pool2d", in -> F.avgPool2d(in.get(0), Pool2dOptions.kernel(3).stride(2).padding(1).countIncludePad(false)),
                new int[] {2, 3, 7, 8});
        sameOnBothBackends("adaptive_avg_pool2d", in -> F.adaptiveAvgPool2d(in.get(0), 3, 2), new int[] {2, 3, 7, 8});
        sameOnBothBackends("conv_transpose1d", in -> F.convTranspose1d(in.get(0), in.get(1), in.get(2),
                ConvTranspose1dOptions.defaults().stride(2).padding(1).outputPadding(1)), new int[] {2, 3, 6}, new int[] {3, 4, 3}, new int[] {4});
        sameOnBothBackends("max_pool1d", in -> F.maxPool1d(in.get(0), Pool1dOptions.kernel(3).stride(2).padding(1)), new int[] {2, 3, 9});
        sameOnBothBackends("avg_pool1d", in -> F.avgPool1d(in.get(0), Pool1dOptions.kernel(2).ceilMode(true)), new int[] {2, 3, 9});
    }

    @Test
    void groupAndInstanceNormMatchTheReference() {
        sameOnBothBackends("group_norm", in -> F.groupNorm(in.get(0), 3, in.get(1), in.get(2), 1e-5),
                new int[] {4, 6, 5, 3}, new int[] {6}, new int[] {6});
        sameOnBothBackends("instance_norm", in -> F.instanceNorm(in.get(0), null, null, in.get(1), in.get(2), true,
                BatchNormOptions.train()), new int[] {3, 4, 7}, new int[] {4}, new int[] {4});
    }

    /** Selections of every size, the big one past any parallel threshold, and a mask broadcast over the rows. */
    @Test
    void maskedSelectMatchesTheReference() {
        sameOnBothBackends("maskedSelect", in -> in.get(0).maskedSelect(in.get(0).gt(0.3)), new int[] {3, 1000, 7});
        sameOnBothBackends("maskedSelect broadcast mask", in -> in.get(0).maskedSelect(
                Tensor.of(new boolean[] {true, false, false, true, true}).to(in.get(0).backend())), new int[] {4, 5});
        Tensor x = Tensor.arange(0, 10, 1, DType.F32).to(backend());
        Tensor picked = x.maskedSelect(x.gt(6.5).to(backend()));
        assertOnBackend("the selection", picked);
        assertArrayEquals(new float[] {7, 8, 9}, picked.toFloatArray());
        assertEquals(0, x.maskedSelect(x.gt(100)).numel());
    }

    @Test
    void maxPoolKeepsTheFirstMaximumAndPropagatesNaN() {
        // Ties (all equal windows) and NaN: the first maximum's position wins, NaN propagates, as in PyTorch.
        float[] v = new float[2 * 4 * 6];
        Generator g = new Generator(1);
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.floor(g.nextDouble() * 3);
        v[5] = Float.NaN;
        Tensor xr, yr, up;
        try (var onReference = Backends.use(REFERENCE)) {
            xr = Tensor.of(v, 1, 2, 4, 6).requiresGrad(true);
            yr = F.maxPool2d(xr, Pool2dOptions.kernel(2));
            up = Tensor.rand(g, 1, 2, 2, 3);
            yr.backward(up);
        }
        Tensor xc = Tensor.of(v, 1, 2, 4, 6).requiresGrad(true);
        Tensor yc = F.maxPool2d(xc, Pool2dOptions.kernel(2));
        assertOnBackend("max pooling's output", yc);
        assertArrayEquals(yr.toFloatArray(), yc.toFloatArray());
        assertTrue(Float.isNaN(yc.toFloatArray()[2]));
        yc.backward(up.to(backend()));
        assertOnBackend("max pooling's input gradient", xc.grad());
        assertArrayEquals(xr.grad().toFloatArray(), xc.grad().toFloatArray());
    }

    @Test
    void boolMasksBecomeFloats() {
        Tensor x = Tensor.randn(new Generator(2), 1000);
        Tensor mask = x.gt(0);
        assertOnBackend("the mask", mask);
        assertEquals(DType.BOOL, mask.dtype());
        Tensor f = mask.to(DType.F32);
        float[] values = x.toFloatArray(), m = f.toFloatArray();
        for (int i = 0; i < values.length; i++) assertEquals(values[i] > 0 ? 1f : 0f, m[i]);
        assertArrayEquals(mask.to(REFERENCE).to(DType.F32).toFloatArray(), m);
    }
}
