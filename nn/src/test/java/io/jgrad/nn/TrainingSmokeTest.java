package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modules, losses and backward together: a small MLP learns XOR with plain gradient descent. */
class TrainingSmokeTest {
    @Test
    @SuppressWarnings("try")
    void mlpLearnsXor() {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new long[] {0, 1, 1, 0}, 4);
        Generator g = new Generator(1234);
        Sequential model = new Sequential(Dense.of(16).generator(g), new Tanh(), Dense.of(2).generator(g));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 400; step++) {
            model.zeroGrad();
            Tensor loss = lossFn.compute(model.forward(x), y);
            loss.backward();
            if (step == 0) first = loss.item();
            last = loss.item();
            try (var off = Grad.off()) {
                for (Tensor p : model.parameters()) p.addInPlace(p.grad(), -0.5);
            }
        }
        assertTrue(last < 0.05 && last < first / 10, "loss went from " + first + " to " + last);
        Tensor predicted = model.eval().forward(x).argmax(1, false);
        assertTrue(predicted.equalValues(y), "predictions " + predicted);
        assertEquals(DType.F32, model.parameters().getFirst().dtype());
    }
}
