package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNorm1d/2d: state dict layout, training statistics and running averages, eval mode, lazy channels. */
class BatchNormTest {
    @Test
    void stateDictMatchesPyTorchNames() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertTrue(bn.runningVar().equalValues(Tensor.ones(3)));
        assertEquals(0, bn.batchesTracked());
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3).affine(false).stateDict().keySet()));
    }

    @Test
    void trainingNormalizesPerChannelAndMovesRunningStatistics() {
        Tensor x = Tensor.randn(new Generator(2), 8, 3, 5, 5).mul(Tensor.of(new float[] {2, 0.5f, 3}, 1, 3, 1, 1))
                .add(Tensor.of(new float[] {1, -2, 4}, 1, 3, 1, 1));
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor y = bn.forward(x);
        int[] axes = {0, 2, 3};
        assertTrue(y.mean(axes, false).allClose(Tensor.zeros(3), 0, 1e-5));
        assertTrue(y.var(axes, 0, false).allClose(Tensor.ones(3), 1e-3, 1e-3));
        int n = 8 * 5 * 5;
        Tensor expectedMean = x.mean(axes, false).mul(0.1);
        Tensor expectedVar = x.var(axes, 0, false).mul((double) n / (n - 1)).mul(0.1).add(0.9);
        assertTrue(bn.runningMean().allClose(expectedMean, 1e-5, 1e-5));
        assertTrue(bn.runningVar().allClose(expectedVar, 1e-5, 1e-5));
        assertEquals(1, bn.batchesTracked());
    }

    @Test
    void evalUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm1d bn = new BatchNorm1d(2).eps(0);
        bn.loadStateDict(java.util.Map.of("running_mean", Tensor.of(new float[] {1, -1}, 2),
                "running_var", Tensor.of(new float[] {4, 0.25f}, 2)), false);
        bn.eval();
        assertFalse(bn.isTraining());
        Tensor y = bn.forward(Tensor.of(new float[] {3, 0, 5, -1}, 2, 2));
        assertTrue(y.allClose(Tensor.of(new float[] {1, 2, 2, 0}, 2, 2), 1e-6, 1e-6), y.toString());
        assertTrue(bn.runningMean().equalValues(Tensor.of(new float[] {1, -1}, 2)));
        assertEquals(0, bn.batchesTracked());
        // A single example is fine in eval mode but not in training mode.
        assertArrayEquals(new int[] {1, 2}, bn.forward(Tensor.ones(1, 2)).dims());
        bn.train();
        var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(1, 2)));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
    }

    @Test
    void lazyChannelsAndThreeDimensionalInput() {
        BatchNorm1d bn = new BatchNorm1d();
        assertEquals(-1, bn.channels());
        assertArrayEquals(new int[] {4, 6, 7}, bn.forward(Tensor.randn(new Generator(1), 4, 6, 7)).dims());
        assertEquals(6, bn.channels());
        assertArrayEquals(new int[] {6}, bn.runningMean().dims());
        BatchNorm2d loaded = new BatchNorm2d();
        loaded.loadStateDict(new BatchNorm2d(5).stateDict(), true);
        assertEquals(5, loaded.channels());
    }

    @Test
    void gradientsReachTheAffineParameters() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.randn(new Generator(4), 3, 2, 2, 2).requiresGrad(true);
        bn.forward(x).mul(Tensor.randn(new Generator(5), 3, 2, 2, 2)).sum().backward();
        assertArrayEquals(new int[] {2}, bn.namedParameters().get("weight").grad().dims());
        assertArrayEquals(new int[] {3, 2, 2, 2}, x.grad().dims());
    }
}
