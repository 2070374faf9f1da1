package io.jgrad.cpu.conv;

import io.jgrad.Conv2dOptions;
import io.jgrad.ConvTranspose2dOptions;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import io.jgrad.backend.ReferenceBackend;
import io.jgrad.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conv and pooling kernels as CpuBackend wires them, driven through io.jgrad.F with autograd: outputs and
 * gradients must match the reference backend.
 */
class ConvOpsThroughBackendTest {
    private static void sameOnBothBackends(String what, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        Generator gen = new Generator(5);
        Tensor[] ref = new Tensor[shapes.length], acc = new Tensor[shapes.length];
        CpuBackend backend = new CpuBackend();
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
