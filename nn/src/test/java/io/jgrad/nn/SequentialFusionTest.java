package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sequential runs a Dense + ReLU pair as one fused op and a ReLU + MaxPool2d pair pooling first: the values,
 * gradients and summary must not change.
 */
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

    /**
     * Bit for bit against ReLU then pooling, on inputs drawn from a few values so that windows tie, hold only
     * negative values or zeros of both signs, and hold NaN; 2x2 pooling and a padded 3x3 stride-2 one.
     */
    @ParameterizedTest(name = "3x3 stride 2 padding 1: {0}")
    @ValueSource(booleans = {false, true})
    void reluThenMaxPoolGivesTheSameValuesAndGradientsPoolingFirst(boolean padded) {
        float[] values = {-1f, -0.5f, -0f, 0f, 0.5f, 1f, 1f, Float.NaN};
        SplittableRandom rnd = new SplittableRandom(5);
        float[] data = new float[2 * 3 * 7 * 8];
        for (int i = 0; i < data.length; i++) data[i] = values[rnd.nextInt(i % 50 == 0 ? values.length : values.length - 1)];
        MaxPool2d pool = padded ? new MaxPool2d(3).stride(2).padding(1) : new MaxPool2d(2);
        ReLU relu = new ReLU();
        Sequential net = new Sequential(relu, pool);

        Tensor x = Tensor.of(data, 2, 3, 7, 8).requiresGrad(true);
        Tensor reordered = net.call(x);
        Tensor up = Tensor.uniform(new Generator(2), -1, 1, reordered.shape().dims());
        reordered.mul(up).sum().backward();
        float[] reorderedGrad = x.grad().toFloatArray();

        Tensor x2 = Tensor.of(data, 2, 3, 7, 8).requiresGrad(true);
        Tensor plain = pool.forward(relu.forward(x2));
        plain.mul(up).sum().backward();

        assertArrayEquals(bits(plain.toFloatArray()), bits(reordered.toFloatArray()), "outputs");
        assertArrayEquals(bits(x2.grad().toFloatArray()), bits(reorderedGrad), "input gradients");
        String summary = net.summary(3, 7, 8);
        assertTrue(summary.lines().filter(l -> l.contains("ReLU")).allMatch(l -> l.contains("(None, 3, 7, 8)")), summary);
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToIntBits(v[i]);
        return b;
    }

    @Test
    void summaryStillListsTheReluWithItsShape() {
        Sequential net = new Sequential(new Dense(6, 5), new ReLU(), new Dense(5, 2));
        String s = net.summary(3, 6);
        assertTrue(s.contains("ReLU"), s);
        assertTrue(s.lines().filter(l -> l.contains("ReLU")).allMatch(l -> l.contains("(None, 3, 5)")), s);
    }
}
