package io.jgrad.cuda;

import io.jgrad.Conv2dOptions;
import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device memory does not grow with the number of training steps when each step runs in a {@link Scope} (as the
 * trainer's do): a small convolutional network (convolution and pooling through the SPI's composed defaults, a dense
 * layer through cuBLAS, log-softmax cross-entropy through a gather) trained by SGD on cuda:0 holds exactly as many
 * bytes after 200 steps as after 5, and its loss goes down.
 */
@GpuTest
class ScopedTrainingMemoryGpuTest {
    @Test
    void bytesInUseAfterManyStepsEqualThoseAfterAFew() {
        Backend cuda = Backends.named("cuda", Device.cuda(0));
        try (var on = Backends.use(cuda)) {
            Generator g = new Generator(11);
            Tensor x = Tensor.randn(g, 64, 1, 12, 12);
            Tensor labels = Tensor.randint(g, 0, 10, 64);
            Tensor convW = Tensor.randn(g, 8, 1, 3, 3).mul(0.3).detach().requiresGrad(true);
            Tensor convB = Tensor.zeros(8).requiresGrad(true);
            Tensor denseW = Tensor.randn(g, 10, 8 * 6 * 6).mul(0.05).detach().requiresGrad(true);
            Tensor denseB = Tensor.zeros(10).requiresGrad(true);
            List<Tensor> params = List.of(convW, convB, denseW, denseB);

            double first = step(x, labels, params);
            for (int i = 1; i < 5; i++) step(x, labels, params);
            MemoryStats afterFew = Cuda.memoryStats();
            double last = 0;
            for (int i = 5; i < 200; i++) last = step(x, labels, params);
            MemoryStats afterMany = Cuda.memoryStats();
            System.out.println("gpu memory after 5 steps: " + afterFew.summary() + "; after 200: " + afterMany.summary());
            assertEquals(afterFew.allocatedBytes(), afterMany.allocatedBytes(), "bytes in use after 5 and after 200 steps");
            assertEquals(afterFew.liveBlocks(), afterMany.liveBlocks(), "live blocks after 5 and after 200 steps");
            assertTrue(last < first * 0.5, "the loss went down: " + first + " -> " + last);
        }
    }

    /** One SGD step in a scope; returns the loss. */
    private static double step(Tensor x, Tensor labels, List<Tensor> params) {
        try (Scope s = Scope.open()) {
            Tensor h = F.conv2d(x, params.get(0), params.get(1), Conv2dOptions.defaults().padding(1)).relu();
            Tensor pooled = F.maxPool2d(h, 2);
            Tensor logits = F.linear(pooled.reshape(x.dim(0), -1), params.get(2), params.get(3));
            Tensor loss = logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).mean().neg();
            loss.backward();
            try (var off = Grad.off()) {
                for (Tensor p : params) {
                    p.addInPlace(p.grad(), -0.1);
                    p.zeroGrad();
                }
            }
            return loss.to(DType.F64).item();
        }
    }
}
