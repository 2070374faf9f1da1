package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Pool2dOptions;
import io.jgrad.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sequential runs a Dense + ReLU pair as one fused op and a ReLU + MaxPool2d pair pooling first, as the layers
 * declare: the values, gradients and summary must not change.
 */
class SequentialFusionTest {
    /** A layer that doubles its input and counts whether it ran alone or fused with the ReLU after it. */
    static final class Probe extends Module implements FusesActivation {
        int plain, fused;

        @Override
        public Tensor forward(Tensor x) {
            plain++;
            return x.mul(2);
        }

        @Override
        public boolean fuses(Activation a) { return a.equals(Activation.RELU); }

        @Override
        public Tensor forwardFused(Tensor x, Activation a) {
            fused++;
            return a.apply(x.mul(2));
        }
    }

    @Test
    void theDeclaredFusionRunsUnlessAHookWatchesEitherLayer() {
        Probe probe = new Probe();
        ReLU relu = new ReLU();
        Sequential net = new Sequential(probe, relu, new Sigmoid());
        Tensor x = Tensor.of(new float[] {-1, 2}, 2);
        assertArrayEquals(new float[] {0.5f, (float) (1 / (1 + Math.exp(-4)))}, net.call(x).toFloatArray(), 1e-7f);
        assertArrayEquals(new int[] {0, 1}, new int[] {probe.plain, probe.fused});
        try (var h = relu.registerForwardHook((m, in, out) -> {})) {
            net.call(x);
        }
        assertArrayEquals(new int[] {1, 1}, new int[] {probe.plain, probe.fused});
        net.call(x);
        assertArrayEquals(new int[] {1, 2}, new int[] {probe.plain, probe.fused});
        // Not declared: Probe does not fuse a sigmoid.
        new Sequential(probe, new Sigmoid()).call(x);
        assertArrayEquals(new int[] {2, 2}, new int[] {probe.plain, probe.fused});
    }

    @Test
    void denseWithAnActivationOptionMatchesTheSeparateLayersBitForBit() {
        Generator g = new Generator(6);
        Dense fusedRelu = new Dense(5, 4).generator(g).activation(Activation.RELU);
        Dense sigmoid = new Dense(4, 3).generator(g).activation(Activation.SIGMOID);
        assertEquals("Dense(in=5, units=4, bias=true, activation=relu)", fusedRelu.toString());
        Tensor x = Tensor.uniform(g, -2, 2, 7, 5), up = Tensor.uniform(g, -1, 1, 7, 3);
        Tensor y = sigmoid.call(fusedRelu.call(x));
        y.mul(up).sum().backward();
        Tensor[] grads = {fusedRelu.weight().grad(), fusedRelu.bias().grad(), sigmoid.weight().grad(), sigmoid.bias().grad()};
        fusedRelu.zeroGrad();
        sigmoid.zeroGrad();
        Tensor plain = F.linear(F.linear(x, fusedRelu.weight(), fusedRelu.bias()).relu(), sigmoid.weight(), sigmoid.bias()).sigmoid();
        plain.mul(up).sum().backward();
        Tensor[] plainGrads = {fusedRelu.weight().grad(), fusedRelu.bias().grad(), sigmoid.weight().grad(), sigmoid.bias().grad()};
        assertArrayEquals(bits(plain.toFloatArray()), bits(y.toFloatArray()), "outputs");
        for (int i = 0; i < grads.length; i++) assertArrayEquals(bits(plainGrads[i].toFloatArray()), bits(grads[i].toFloatArray()), "gradient " + i);
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(fusedRelu.ownParameters().keySet()));
        assertFalse(fusedRelu.fuses(Activation.RELU), "a Dense with its own activation fuses no other");
    }

    /**
     * Sigmoid is monotone, but it does not commute with max pooling bit for bit: 9 and the next float up have the
     * same sigmoid, so pooling after the sigmoid sends the gradient to the first of them, pooling before it to the
     * larger. Sequential keeps the order the layers were given.
     */
    @Test
    void aMonotoneActivationThatRoundsNeighboursTogetherIsNotReordered() {
        float nine = 9f, above = Math.nextUp(9f);
        assertEquals(Tensor.scalar(nine).sigmoid().item(), Tensor.scalar(above).sigmoid().item());
        assertTrue(Activation.SIGMOID.isMonotone());
        assertFalse(new MaxPool2d(2).commutesWith(Activation.SIGMOID));
        assertTrue(new MaxPool2d(2).commutesWith(Activation.RELU));
        float[] window = {nine, above, -1, -1};
        Tensor x = Tensor.of(window, 1, 1, 2, 2).requiresGrad(true);
        new Sequential(new Sigmoid(), new MaxPool2d(2)).call(x).sum().backward();
        Tensor poolFirst = Tensor.of(window, 1, 1, 2, 2).requiresGrad(true);
        F.maxPool2d(poolFirst, Pool2dOptions.kernel(2)).sigmoid().sum().backward();
        assertTrue(x.grad().toFloatArray()[0] > 0 && x.grad().toFloatArray()[1] == 0, "sigmoid first: the first maximum");
        assertTrue(poolFirst.grad().toFloatArray()[0] == 0 && poolFirst.grad().toFloatArray()[1] > 0, "pooling first: the larger input");
    }

    @Test
    void activationsSayWhetherTheyAreMonotone() {
        for (Activation a : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.SIGMOID, Activation.TANH,
                Activation.leakyRelu(0.01), Activation.elu(1), Activation.softplus(1, 20)}) {
            assertTrue(a.isMonotone(), a.toString());
        }
        for (Activation a : new Activation[] {Activation.GELU, Activation.GELU_TANH, Activation.SILU, Activation.leakyRelu(-0.5), Activation.elu(-1)}) {
            assertFalse(a.isMonotone(), a.toString());
        }
        assertEquals(Activation.leakyRelu(0.2), new LeakyReLU(0.2).activation());
        assertEquals(Activation.GELU_TANH, new GELU(true).activation());
        assertEquals("softplus(2.0, 10.0)", new Softplus(2, 10).activation().toString());
    }

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
