package io.jgrad.cpu.conv;

import io.jgrad.Conv2dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Layout;
import io.jgrad.Pool2dOptions;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels wired into a backend the way CpuBackend will wire them, driven through io.jgrad.F with autograd:
 * outputs and gradients must match the reference backend.
 */
class ConvOpsThroughBackendTest {
    /** A reference backend whose F32 conv and pooling go to CpuConvOps (the few lines CpuBackend needs). */
    static final class Accelerated extends ReferenceBackend {
        @Override public String name() { return "reference+cpu-conv"; }

        @Override
        public Storage conv2d(Storage x, Layout xl, Storage w, Layout wl, Conv2dParams p) {
            return CpuConvOps.accepts(x) ? CpuConvOps.conv2d(this, x, xl, w, wl, p) : super.conv2d(x, xl, w, wl, p);
        }

        @Override
        public Storage conv2dBackwardInput(Storage g, Layout gl, Storage w, Layout wl, Shape in, Conv2dParams p) {
            return CpuConvOps.accepts(g) ? CpuConvOps.conv2dBackwardInput(this, g, gl, w, wl, in, p) : super.conv2dBackwardInput(g, gl, w, wl, in, p);
        }

        @Override
        public Storage conv2dBackwardWeight(Storage g, Layout gl, Storage x, Layout xl, Shape ws, Conv2dParams p) {
            return CpuConvOps.accepts(g) ? CpuConvOps.conv2dBackwardWeight(this, g, gl, x, xl, ws, p) : super.conv2dBackwardWeight(g, gl, x, xl, ws, p);
        }

        @Override
        public MaxPool2dResult maxPool2d(Storage x, Layout xl, Pool2dParams p) {
            return CpuConvOps.accepts(x) ? CpuConvOps.maxPool2d(this, x, xl, p) : super.maxPool2d(x, xl, p);
        }

        @Override
        public Storage maxPool2dBackward(Storage g, Layout gl, Storage idx, Layout il, Shape in) {
            return CpuConvOps.accepts(g) ? CpuConvOps.maxPool2dBackward(this, g, gl, idx, il, in) : super.maxPool2dBackward(g, gl, idx, il, in);
        }

        @Override
        public Storage avgPool2d(Storage x, Layout xl, Pool2dParams p) {
            return CpuConvOps.accepts(x) ? CpuConvOps.avgPool2d(this, x, xl, p) : super.avgPool2d(x, xl, p);
        }

        @Override
        public Storage avgPool2dBackward(Storage g, Layout gl, Shape in, Pool2dParams p) {
            return CpuConvOps.accepts(g) ? CpuConvOps.avgPool2dBackward(this, g, gl, in, p) : super.avgPool2dBackward(g, gl, in, p);
        }

        @Override
        public Storage adaptiveAvgPool2d(Storage x, Layout xl, int outH, int outW) {
            return CpuConvOps.accepts(x) ? CpuConvOps.adaptiveAvgPool2d(this, x, xl, outH, outW) : super.adaptiveAvgPool2d(x, xl, outH, outW);
        }

        @Override
        public Storage adaptiveAvgPool2dBackward(Storage g, Layout gl, Shape in) {
            return CpuConvOps.accepts(g) ? CpuConvOps.adaptiveAvgPool2dBackward(this, g, gl, in) : super.adaptiveAvgPool2dBackward(g, gl, in);
        }
    }

    private static void sameOnBothBackends(String what, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        Generator gen = new Generator(5);
        Tensor[] ref = new Tensor[shapes.length], acc = new Tensor[shapes.length];
        Accelerated backend = new Accelerated();
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Tensor.randn(gen, shapes[i]);
            ref[i] = t.to(new ReferenceBackend()).requiresGrad(true);
            acc[i] = t.to(backend).requiresGrad(true);
        }
        Tensor outRef = f.apply(List.of(ref)), outAcc = f.apply(List.of(acc));
        assertTrue(outAcc.backend() == backend, what + ": ran on " + outAcc.backend().name());
        assertTrue(outAcc.allClose(outRef.to(backend), 1e-4, 1e-4), what + ": outputs differ");
        Tensor up = Tensor.randn(gen, outRef.dims());
        outRef.backward(up.to(new ReferenceBackend()));
        outAcc.backward(up.to(backend));
        for (int i = 0; i < shapes.length; i++) {
            assertTrue(acc[i].grad().allClose(ref[i].grad().to(backend), 1e-4, 1e-4), what + ": gradient of input " + i + " differs");
        }
    }

    @Test
    void convolutionsAndPoolingMatchTheReference() {
        sameOnBothBackends("conv2d", in -> F.conv2d(in.get(0), in.get(1), in.get(2), Conv2dOptions.defaults().stride(2).padding(1)),
                new int[] {2, 3, 9, 8}, new int[] {5, 3, 3, 3}, new int[] {5});
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
    }
}
