package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter and buffer names, defaults, modes, shapes and bad arguments of the normalization and 1-D layers. */
class NormAndOneDimLayersTest {
    private static Tensor input(int... dims) { return Tensor.randn(new Generator(1), dims); }

    @Test
    void groupNormHasPyTorchsParametersAndNormalizesEachSampleOnItsOwn() {
        GroupNorm norm = new GroupNorm(2, 4);
        assertEquals(List.of("weight", "bias"), List.copyOf(norm.stateDict().keySet()));
        Tensor x = input(3, 4, 5);
        Tensor y = norm.forward(x);
        // Each (sample, group) has mean 0 and biased variance 1 (up to eps); other samples do not matter.
        Tensor groups = y.reshape(3, 2, 10);
        assertTrue(groups.mean(2, false).abs().max().item() < 1e-5);
        assertTrue(groups.var(new int[] {2}, 0, false).sub(1).abs().max().item() < 1e-3);
        assertTrue(norm.forward(x.narrow(0, 1, 1)).allClose(y.narrow(0, 1, 1), 1e-5, 1e-5));
        assertEquals(0, new GroupNorm(1, 3, 1e-5, false).stateDict().size());
        assertMessage("GroupNorm: 6 channels cannot be split into 4 groups", () -> new GroupNorm(4, 6));
        assertMessage("GroupNorm: expected an input [N, 4, ...], got shape [2, 3, 5]", () -> norm.forward(input(2, 3, 5)));
    }

    @Test
    void instanceNormHasNoStateByDefaultAndTheSameResultInEvalMode() {
        InstanceNorm2d norm = new InstanceNorm2d(3);
        assertEquals(0, norm.stateDict().size());
        Tensor x = input(2, 3, 4, 4);
        Tensor train = norm.forward(x);
        norm.eval();
        assertTrue(norm.forward(x).equalValues(train));
        // Unbatched [C, H, W] is a batch of one.
        assertTrue(norm.forward(x.select(0, 1)).allClose(train.select(0, 1), 1e-6, 1e-6));
        Tensor perInstance = train.reshape(6, 16);
        assertTrue(perInstance.mean(1, false).abs().max().item() < 1e-5);
    }

    @Test
    void instanceNormOptionsAddAndRemoveTheirState() {
        InstanceNorm1d norm = new InstanceNorm1d(2).affine(true).trackRunningStats(true);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(norm.stateDict().keySet()));
        assertEquals(DType.I64, norm.stateDict().get("num_batches_tracked").dtype());
        Tensor x = input(4, 2, 6).mul(3).add(2);
        norm.forward(x);
        norm.forward(x);
        assertEquals(2, norm.stateDict().get("num_batches_tracked").longItem());
        assertTrue(norm.runningMean().sub(0).abs().max().item() > 0.1, "the running mean moved toward the data");
        norm.eval();
        Tensor evalOut = norm.forward(x);
        Tensor expected = x.sub(norm.runningMean().reshape(1, 2, 1)).div(norm.runningVar().add(1e-5).sqrt().reshape(1, 2, 1));
        assertTrue(evalOut.allClose(expected, 1e-5, 1e-5), "eval mode normalizes with the running statistics");
        norm.affine(false).trackRunningStats(false);
        assertEquals(0, norm.stateDict().size());
        // State added after a conversion takes the converted dtype.
        InstanceNorm1d converted = new InstanceNorm1d(2).affine(true);
        converted.to(DType.F64);
        assertEquals(DType.F64, converted.trackRunningStats(true).runningMean().dtype());
        assertMessage("InstanceNorm1d: expected a 3-D input [N, C, L] or a 2-D [C, L], got shape [2, 2, 3, 3]",
                () -> norm.forward(input(2, 2, 3, 3)));
        assertMessage("InstanceNorm1d: expected 2 channels, got shape [2, 3, 5]", () -> norm.forward(input(2, 3, 5)));
        assertMessage("InstanceNorm2d: channels must be positive, got 0", () -> new InstanceNorm2d(0));
        assertMessage("InstanceNorm2d: momentum must be in [0, 1], got 2.0", () -> new InstanceNorm2d(3).momentum(2));
    }

    @Test
    void convTranspose1dShapesAndLazyChannels() {
        ConvTranspose1d t = new ConvTranspose1d(4, 2, 3).stride(2).padding(1).outputPadding(1);
        assertEquals(List.of("weight", "bias"), List.copyOf(t.stateDict().keySet()));
        assertArrayEquals(new int[] {4, 2, 3}, t.weight().dims());
        assertArrayEquals(new int[] {3, 2, 14}, t.forward(input(3, 4, 7)).dims());
        ConvTranspose1d lazy = ConvTranspose1d.of(3, 2).stride(2);
        assertArrayEquals(new int[] {1, 3, 8}, lazy.forward(input(1, 5, 4)).dims());
        assertArrayEquals(new int[] {5, 3, 2}, lazy.weight().dims());
        // PyTorch's fan-in of a transposed weight [in, out/groups, k] is out/groups * k.
        double bound = 1 / Math.sqrt(2 * 3);
        assertTrue(t.weight().abs().max().item() <= bound);
        assertMessage("ConvTranspose1d: expected a 3-D input [N, C, L], got shape [1, 4, 3, 3]", () -> t.forward(input(1, 4, 3, 3)));
        assertMessage("ConvTranspose1d: output padding must be >= 0, got -1", () -> t.outputPadding(-1));
    }

    @Test
    void oneDimPoolingShapesAndChecks() {
        Tensor x = input(2, 3, 9);
        assertArrayEquals(new int[] {2, 3, 4}, new MaxPool1d(2).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 5}, new MaxPool1d(3).stride(2).padding(1).forward(x).dims());
        assertArrayEquals(new int[] {2, 3, 5}, new AvgPool1d(2).ceilMode(true).forward(x).dims());
        assertArrayEquals(new float[] {2, 4}, new MaxPool1d(2).forward(Tensor.of(new float[] {1, 2, 4, 3, 0}, 1, 1, 5)).toFloatArray());
        assertArrayEquals(new float[] {1.5f, 3.5f}, new AvgPool1d(2).forward(Tensor.of(new float[] {1, 2, 4, 3, 0}, 1, 1, 5)).toFloatArray());
        assertMessage("MaxPool1d: padding must be between 0 and half the kernel size 2, got 2", () -> new MaxPool1d(2).padding(2));
        assertMessage("AvgPool1d: kernel size must be positive, got 0", () -> new AvgPool1d(0));
        assertMessage("max_pool1d: expected a 3-D input [N, C, L], got shape [2, 3, 9, 9]", () -> new MaxPool1d(2).forward(input(2, 3, 9, 9)));
    }

    /** Sequential pools first for ReLU + MaxPool1d, as for MaxPool2d: the same values and gradients. */
    @Test
    void reluThenMaxPool1dInSequentialMatchesTheLayersRunInOrder() {
        float[] data = {-1, 0, 0, 2, -3, -3, 5, 5, 0, -0.5f, 1, 1, -2, 0};
        MaxPool1d pool = new MaxPool1d(3).stride(2).padding(1);
        Tensor x = Tensor.of(data, 1, 2, 7).requiresGrad(true);
        Tensor fused = new Sequential(new ReLU(), pool).call(x);
        Tensor up = Tensor.uniform(new Generator(4), -1, 1, fused.dims());
        fused.mul(up).sum().backward();
        Tensor x2 = Tensor.of(data, 1, 2, 7).requiresGrad(true);
        Tensor plain = pool.forward(new ReLU().forward(x2));
        plain.mul(up).sum().backward();
        assertArrayEquals(plain.toFloatArray(), fused.toFloatArray());
        assertArrayEquals(x2.grad().toFloatArray(), x.grad().toFloatArray());
    }

    private static void assertMessage(String expected, Executable body) {
        var e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
