package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.Autocast.Precision;
import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.optim.Adam;
import io.jgrad.optim.LossScaler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small MLP (32-64-10: the fused linear+ReLU, then linear; log-softmax cross-entropy) trained for 200 full-batch
 * Adam steps on 4096 examples on cuda:0 in F32, in BF16 autocast, and in F16 autocast with a {@link LossScaler}: the
 * reduced-precision runs end within a few percent of F32's loss (evaluated in F32), without being identical to it.
 * The labels are noisy (a random linear teacher plus noise) and too many to memorise in 200 steps, so the loss
 * flattens well above zero (on the cpu in F32: 2.52 at the start, 0.755 after 194 steps, 0.749 after 200) and a
 * relative comparison means something. A fourth run starts the scaler at 2^30: the first steps' scaled gradients
 * (up to 2^30 / 4096 = 2^18) overflow F16's 65504, so those steps are skipped and the scale backs off to 2^27 or
 * below, and training still ends as close to F32's.
 */
@GpuTest
class MixedPrecisionTrainingGpuTest {
    private static final int STEPS = 200;
    private static final int EXAMPLES = 4096;
    private static final int HIDDEN = 64;
    /** "Within a few percent": BF16's inputs carry 2^-8 relative rounding, which the training averages out. */
    private static final double TOLERANCE = 0.05;

    /** The final F32 loss of a run and what its scaler did. */
    private record Run(double loss, int skipped, double finalScale) {}

    @Test
    void bf16AndF16WithLossScalingTrainAsF32Does() {
        Backend cuda = Backends.named("cuda", Device.cuda(0));
        try (var on = Backends.use(cuda)) {
            Generator g = new Generator(21);
            Tensor x = Tensor.randn(g, EXAMPLES, 32);
            Tensor teacher = Tensor.randn(g, 32, 10);
            Tensor labels = x.matmul(teacher).add(Tensor.randn(g, EXAMPLES, 10).mul(4)).argmax(1, false);
            double initial = evaluate(x, labels, parameters(new Generator(5)));

            Run f32 = train(x, labels, Precision.F32, null);
            Run bf16 = train(x, labels, Precision.BF16, null);
            Run f16 = train(x, labels, Precision.F16, new LossScaler());
            LossScaler high = LossScaler.builder().initialScale(0x1p30).build();
            Run f16Overflow = train(x, labels, Precision.F16, high);
            System.out.printf(Locale.ROOT, "mixed precision MLP, %d steps: initial loss %.4f; F32 %.4f, BF16 %.4f, F16 %.4f "
                            + "(scale %.0f, %d skipped), F16 from 2^30 %.4f (scale %.0f, %d skipped)%n", STEPS, initial,
                    f32.loss(), bf16.loss(), f16.loss(), f16.finalScale(), f16.skipped(), f16Overflow.loss(),
                    f16Overflow.finalScale(), f16Overflow.skipped());

            assertTrue(f32.loss() < 0.8 * initial, "F32 training lowers the loss: " + initial + " -> " + f32.loss());
            for (Run r : List.of(bf16, f16, f16Overflow)) {
                assertTrue(Math.abs(r.loss() - f32.loss()) <= TOLERANCE * f32.loss(), r + " against F32's " + f32.loss());
            }
            assertNotEquals(f32.loss(), bf16.loss(), "BF16 training computed exactly as F32's: autocast had no effect");
            assertNotEquals(f32.loss(), f16.loss(), "F16 training computed exactly as F32's: autocast had no effect");
            assertEquals(0, f16.skipped(), "no overflow at the default scale 2^16");
            assertTrue(f16Overflow.skipped() >= 1 && high.currentScale() < 0x1p30,
                    "scaled by 2^30 the gradients overflow F16: steps skipped and the scale backed off (" + f16Overflow
                            + "); none means cuBLAS saturates instead of overflowing, which hides F16 overflow");
        }
    }

    /** W1 [64, 32], b1 [64], W2 [10, 64], b2 [10], the same for every run. */
    private static List<Tensor> parameters(Generator g) {
        return List.of(Tensor.randn(g, HIDDEN, 32).mul(1 / Math.sqrt(32)).detach().requiresGrad(true),
                Tensor.zeros(HIDDEN).requiresGrad(true),
                Tensor.randn(g, 10, HIDDEN).mul(1 / Math.sqrt(HIDDEN)).detach().requiresGrad(true),
                Tensor.zeros(10).requiresGrad(true));
    }

    private static Tensor loss(Tensor x, Tensor labels, List<Tensor> p) {
        Tensor logits = F.linear(F.linearRelu(x, p.get(0), p.get(1)), p.get(2), p.get(3));
        return logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).mean().neg();
    }

    /** The loss in F32, outside any autocast scope. */
    @SuppressWarnings("try")
    private static double evaluate(Tensor x, Tensor labels, List<Tensor> p) {
        try (Scope s = Scope.open(); var g = Grad.off()) {
            return loss(x, labels, p).to(DType.F64).item();
        }
    }

    @SuppressWarnings("try")
    private static Run train(Tensor x, Tensor labels, Precision precision, LossScaler scaler) {
        List<Tensor> p = parameters(new Generator(5));
        Adam adam = new Adam(p, 1e-2);
        int skipped = 0;
        for (int step = 0; step < STEPS; step++) {
            try (Scope s = Scope.open()) {
                try (Autocast cast = Autocast.enable(precision)) {
                    Tensor loss = loss(x, labels, p);
                    (scaler == null ? loss : scaler.scale(loss)).backward();
                }
                if (scaler == null) adam.step();
                else if (!scaler.step(adam)) skipped++;
                adam.zeroGrad(); // the gradients go with the step's scope
            }
        }
        for (Tensor t : p) assertEquals(DType.F32, t.dtype(), "master weights stay F32");
        return new Run(evaluate(x, labels, p), skipped, scaler == null ? 1 : scaler.currentScale());
    }
}
