package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every optimizer recovers the weights of a noise-free linear regression. */
class ConvergenceTest {
    record Config(String name, Function<List<Tensor>, Optimizer> make, int steps) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Config> configs() {
        return Stream.of(
                new Config("sgd momentum", p -> SGD.builder(p).lr(0.05).momentum(0.9).build(), 300),
                new Config("sgd nesterov", p -> SGD.builder(p).lr(0.05).momentum(0.9).nesterov(true).build(), 300),
                new Config("adam", p -> new Adam(p, 0.05), 600),
                new Config("adamw tiny decay", p -> AdamW.builder(p).lr(0.05).weightDecay(1e-5).build(), 600),
                // RMSprop's normalized step keeps it oscillating about the optimum by roughly lr: at lr 0.01 the error
                // sat on the 1e-2 bound (8 of 40 data seeds, 90-129, failed, with the old and the Philox generator
                // alike); at 0.003 for 1500 steps none of the 40 failed, the worst error being 0.0044.
                new Config("rmsprop", p -> RMSprop.builder(p).lr(0.003).build(), 1500),
                new Config("adagrad", p -> new Adagrad(p, 0.5), 600));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void recoversLinearWeights(Config c) {
        Generator g = new Generator(99);
        Tensor x = Tensor.randn(g, 64, 3).to(DType.F64);
        Tensor trueW = Tensor.of(new double[] {1.5, -2.0, 0.5}, 3, 1);
        Tensor y = x.matmul(trueW).add(0.25);
        Tensor w = Tensor.zeros(DType.F64, 3, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.F64, 1).requiresGrad(true);
        Optimizer opt = c.make().apply(List.of(w, b));
        for (int i = 0; i < c.steps(); i++) {
            opt.zeroGrad();
            x.matmul(w).add(b).sub(y).square().mean().backward();
            opt.step();
        }
        double err = w.sub(trueW).abs().max().item() + Math.abs(b.item() - 0.25);
        assertTrue(err < 1e-2, c + ": weight error " + err + ", w = " + w + ", b = " + b);
    }
}
