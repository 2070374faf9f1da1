package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

/** Sequential runs a Dense + ReLU pair as one fused op: the values, gradients and summary must not change. */
class SequentialFusionTest {
    @Test
    void denseReluPairsGiveTheUnfusedValuesAndGradients() {
        Generator g = new Generator(3);
        Dense d1 = new Dense(6, 5).generator(g), d2 = new Dense(5, 4, false).generator(g), d3 = new Dense(4, 3).generator(g);
        // d1 + ReLU and d2 + ReLU are fused; d3 is last, with nothing after it.
        Sequential net = new Sequential(d1, new ReLU(), d2, new ReLU(), d3);
        Tensor x = Tensor.uniform(g, -2, 2, 7, 6), up = Tensor.uniform(g, -1, 1, 7, 3);

        Tensor fused = net.call(x);
        fused.mul(up).sum().backward();
        Tensor[] fusedGrads = {d1.weight().grad(), d1.bias().grad(), d2.weight().grad(), d3.weight().grad(), d3.bias().grad()};
        net.zeroGrad();

        Tensor h = F.linear(x, d1.weight(), d1.bias()).relu();
        h = F.linear(h, d2.weight(), null).relu();
        Tensor plain = F.linear(h, d3.weight(), d3.bias());
        plain.mul(up).sum().backward();
        Tensor[] plainGrads = {d1.weight().grad(), d1.bias().grad(), d2.weight().grad(), d3.weight().grad(), d3.bias().grad()};

        assertTrue(fused.allClose(plain, 0, 0), "outputs");
        for (int i = 0; i < plainGrads.length; i++) assertTrue(fusedGrads[i].allClose(plainGrads[i], 0, 0), "gradient " + i);
    }

    @Test
    void summaryStillListsTheReluWithItsShape() {
        Sequential net = new Sequential(new Dense(6, 5), new ReLU(), new Dense(5, 2));
        String s = net.summary(3, 6);
        assertTrue(s.contains("ReLU"), s);
        assertTrue(s.lines().filter(l -> l.contains("ReLU")).allMatch(l -> l.contains("(None, 3, 5)")), s);
    }
}
