package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.PaddingMode;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes, parameter names and shapes, initialization bounds, lazy inference and bad hyperparameters of the conv layers. */
class ConvLayersTest {
    private static Tensor input(int... dims) { return Tensor.randn(new Generator(1), dims); }

    @Test
    void conv2dShapesAndStateDict() {
        Conv2d c = new Conv2d(3, 8, 3).stride(2).padding(1);
        assertArrayEquals(new int[] {2, 8, 5, 5}, c.forward(input(2, 3, 10, 10)).dims());
        Map<String, Tensor> s = c.stateDict();
        assertEquals(List.of("weight", "bias"), List.copyOf(s.keySet()));
        assertArrayEquals(new int[] {8, 3, 3, 3}, s.get("weight").dims());
        assertArrayEquals(new int[] {8}, s.get("bias").dims());
        assertArrayEquals(new int[] {2, 8, 10, 10}, new Conv2d(3, 8, 3).padding(PaddingMode.SAME).forward(input(2, 3, 10, 10)).dims());
        assertArrayEquals(new int[] {1, 4, 6, 6}, new Conv2d(3, 4, 3).dilation(2).forward(input(1, 3, 10, 10)).dims());
    }

    @Test
    void conv2dMatchesTheFunctionalOp() {
        Conv2d c = new Conv2d(2, 4, 3).padding(1).groups(2).generator(new Generator(3));
        Tensor x = input(2, 2, 5, 5);
        Tensor expected = F.conv2d(x, c.weight(), c.bias(), io.jgrad.Conv2dOptions.defaults().padding(1).groups(2));
        assertTrue(c.forward(x).allClose(expected, 0, 0));
        assertArrayEquals(new int[] {4, 1, 3, 3}, c.weight().dims());
    }

    @Test
    void torchDefaultInitializationBounds() {
        // PyTorch: weight and bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn = in/groups * kH * kW.
        Conv2d c = new Conv2d(16, 32, 3).generator(new Generator(7));
        double bound = 1 / Math.sqrt(16 * 9);
        assertWithin(c.weight(), bound);
        assertWithin(c.bias(), bound);
        assertTrue(c.weight().abs().max().item() > 0.9 * bound, "weights fill the range");
        // ConvTranspose2d's weight is [in, out/groups, k, k], so PyTorch's fan-in is out/groups * k * k.
        ConvTranspose2d t = new ConvTranspose2d(4, 6, 3).generator(new Generator(7));
        assertWithin(t.weight(), 1 / Math.sqrt(6 * 9));
        assertTrue(t.weight().abs().max().item() > 0.9 / Math.sqrt(6 * 9));
    }

    private static void assertWithin(Tensor t, double bound) {
        assertTrue(t.abs().max().item() <= bound, t.abs().max().item() + " > " + bound);
    }

    @Test
    void sameGeneratorSameWeights() {
        Conv2d a = new Conv2d(3, 4, 3).generator(new Generator(11)), b = new Conv2d(3, 4, 3).generator(new Generator(11));
        assertTrue(a.weight().equalValues(b.weight()));
    }

    @Test
    void lazyInputChannelsFromFirstCallOrStateDict() {
        Conv2d lazy = Conv2d.of(8, 3).padding(1);
        assertFalse(lazy.isBuilt());
        assertNull(lazy.weight());
        assertArrayEquals(new int[] {2, 8, 6, 6}, lazy.forward(input(2, 5, 6, 6)).dims());
        assertEquals(5, lazy.inChannels());
        assertArrayEquals(new int[] {8, 5, 3, 3}, lazy.weight().dims());

        Conv2d fresh = Conv2d.of(8, 3).padding(1);
        fresh.loadStateDict(lazy.stateDict(), true);
        assertTrue(fresh.weight().equalValues(lazy.weight()));
        assertEquals(5, fresh.inChannels());

        var wrong = assertThrows(IllegalArgumentException.class, () -> lazy.forward(input(1, 4, 6, 6)));
        assertTrue(wrong.getMessage().contains("expected 5 input channels"), wrong.getMessage());
    }

    @Test
    void conv1dAndTransposedShapes() {
        Conv1d c1 = new Conv1d(4, 6, 5).padding(2).stride(2);
        assertArrayEquals(new int[] {3, 6, 8}, c1.forward(input(3, 4, 16)).dims());
        assertArrayEquals(new int[] {6, 4, 5}, c1.weight().dims());
        assertArrayEquals(new int[] {3, 6, 16}, Conv1d.of(6, 3).padding(PaddingMode.SAME).forward(input(3, 4, 16)).dims());

        ConvTranspose2d t = new ConvTranspose2d(4, 2, 3).stride(2).padding(1).outputPadding(1);
        assertArrayEquals(new int[] {4, 2, 3, 3}, t.weight().dims());
        assertArrayEquals(new int[] {1, 2, 14, 14}, t.forward(input(1, 4, 7, 7)).dims());
        ConvTranspose2d lazy = ConvTranspose2d.of(3, 2).stride(2);
        assertArrayEquals(new int[] {1, 3, 8, 8}, lazy.forward(input(1, 5, 4, 4)).dims());
        assertArrayEquals(new int[] {5, 3, 2, 2}, lazy.weight().dims());
    }

    @Test
    void depthwiseAndSeparable() {
        DepthwiseConv2d d = new DepthwiseConv2d(3, 3, 2).padding(1);
        assertArrayEquals(new int[] {6, 1, 3, 3}, d.weight().dims());
        assertEquals(3, d.groups());
        assertArrayEquals(new int[] {2, 6, 8, 8}, d.forward(input(2, 3, 8, 8)).dims());
        DepthwiseConv2d lazy = DepthwiseConv2d.of(3).stride(2).padding(1);
        assertArrayEquals(new int[] {2, 5, 4, 4}, lazy.forward(input(2, 5, 8, 8)).dims());
        assertEquals(5, lazy.groups());
        // Each output channel depends only on its own input channel.
        Tensor x = input(1, 3, 8, 8);
        Tensor delta = d.forward(x.add(onlyChannel(0, 1, 3, 8, 8))).sub(d.forward(x)).abs().sum(new int[] {0, 2, 3}, false);
        double[] perChannel = delta.toDoubleArray();
        assertTrue(perChannel[0] > 0 && perChannel[1] > 0, "channel 0 feeds outputs 0 and 1");
        for (int c = 2; c < 6; c++) assertEquals(0, perChannel[c], 0, "output " + c + " ignores channel 0");

        SeparableConv2d s = SeparableConv2d.of(16, 3).padding(1);
        assertArrayEquals(new int[] {2, 16, 8, 8}, s.forward(input(2, 4, 8, 8)).dims());
        assertEquals(List.of("depthwise.weight", "pointwise.weight", "pointwise.bias"), List.copyOf(s.stateDict().keySet()));
        assertArrayEquals(new int[] {4, 1, 3, 3}, s.depthwise().weight().dims());
        assertArrayEquals(new int[] {16, 4, 1, 1}, s.pointwise().weight().dims());
        assertEquals(4 * 9 + 16 * 4 + 16, new SeparableConv2d(4, 16, 3).parameterCount());
    }

    private static Tensor onlyChannel(int channel, int... dims) {
        double[] v = new double[dims[0] * dims[1] * dims[2] * dims[3]];
        int plane = dims[2] * dims[3];
        for (int i = 0; i < plane; i++) v[channel * plane + i] = 1;
        return Tensor.of(v, dims).to(DType.F32);
    }

    @Test
    void poolingShapes() {
        Tensor x = input(2, 3, 9, 9);
        assertArrayEquals(new int[] {2, 3, 4, 4}, new MaxPool2d(2).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 5, 5}, new MaxPool2d(3).stride(2).padding(1).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 5, 5}, new MaxPool2d(2).ceilMode(true).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 3, 3}, new AvgPool2d(3).forward(x).dims());
        assertArrayEquals(new int[] {2, 3}, new GlobalAvgPool2d().forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 1, 1}, GlobalAvgPool2d.keepDims().forward(x).dims());
        assertTrue(new GlobalAvgPool2d().forward(x).allClose(x.mean(new int[] {2, 3}, false), 1e-6, 1e-6));
    }

    @Test
    void badHyperparametersAreRejectedWithClearMessages() {
        assertMessage("input channels 3 (input shape [1, 3, 8, 8]) are not divisible by groups 2",
                () -> Conv2d.of(4, 3).groups(2).forward(input(1, 3, 8, 8)));
        assertMessage("input channels 3 are not divisible by groups 2", () -> new Conv2d(3, 4, 3).groups(2));
        assertMessage("output channels 5 are not divisible by groups 2", () -> new Conv2d(4, 5, 3).groups(2));
        assertMessage("kernel (dilated size 5x5) is larger than the padded input 4x4",
                () -> new Conv2d(1, 1, 5).padding(1).forward(input(1, 1, 2, 2)));
        assertMessage("kernel (dilated size 7x7) is larger than the padded input 6x6",
                () -> new Conv2d(1, 1, 3).dilation(3).forward(input(1, 1, 6, 6)));
        assertMessage("Conv2d: kernel size must be positive, got 0", () -> Conv2d.of(4, 0));
        assertMessage("Conv2d: stride must be >= 1, got 0", () -> Conv2d.of(4, 3).stride(0));
        assertMessage("Conv2d: padding must be >= 0, got -1", () -> Conv2d.of(4, 3).padding(-1));
        assertMessage("Conv2d: expected a 4-D input [N, C, H, W], got shape [3, 8, 8]", () -> Conv2d.of(4, 3).forward(input(3, 8, 8)));
        assertMessage("MaxPool2d: padding must be between 0 and half the kernel size 2, got 2", () -> new MaxPool2d(2).padding(2));
        assertMessage("DepthwiseConv2d: depth multiplier must be positive, got 0", () -> new DepthwiseConv2d(3, 3, 0));
        assertMessage("BatchNorm2d: expected a 4-D input [N, C, H, W], got shape [2, 3]", () -> new BatchNorm2d().forward(input(2, 3)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
        var e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
