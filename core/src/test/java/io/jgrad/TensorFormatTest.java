package io.jgrad;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toString against PyTorch 1.13's str(tensor) for the same values (rows shorter than 80 columns). */
class TensorFormatTest {
    @Test
    void integralFloatsPrintWithATrailingDot() {
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("tensor([0., 0., 0.])", Tensor.zeros(3).toString());
    }

    @Test
    void fractionalFloatsPrintFourDecimalsAlignedToOneWidth() {
        assertEquals("tensor([[ 1.5000,  2.0000],\n        [ 3.0000, -4.0000]])", Tensor.of(new float[][] {{1.5f, 2}, {3, -4}}).toString());
        assertEquals("tensor(3.2500)", Tensor.scalar(3.25).toString());
    }

    @Test
    void wideRangesUseScientificNotation() {
        assertEquals("tensor([1.0000e+00, 2.0000e+03])", Tensor.of(new float[] {1, 2000}).toString());
        assertEquals("tensor([1.0000e-05, 1.0000e+00, 1.0000e+02])", Tensor.of(new float[] {1e-5f, 1, 100}).toString());
        assertEquals("tensor([1.0000e+09, 1.0000e+00])", Tensor.of(new float[] {1e9f, 1}).toString());
    }

    @Test
    void nanAndInfinity() {
        assertEquals("tensor([0.0000,    nan,    inf, 2.5000])",
                Tensor.of(new float[] {0, Float.NaN, Float.POSITIVE_INFINITY, 2.5f}).toString());
        assertEquals("tensor([0., nan, -inf, 2.])", Tensor.of(new float[] {0, Float.NaN, Float.NEGATIVE_INFINITY, 2}).toString());
    }

    @Test
    void threeDimensionsSeparateBlocksWithABlankLine() {
        Tensor t = Tensor.arange(0, 12, 1).reshape(2, 3, 2).div(4);
        assertEquals("tensor([[[0.0000, 0.2500],\n         [0.5000, 0.7500],\n         [1.0000, 1.2500]],\n\n"
                + "        [[1.5000, 1.7500],\n         [2.0000, 2.2500],\n         [2.5000, 2.7500]]])", t.toString());
    }

    @Test
    void integersBoolsAndOtherDtypes() {
        assertEquals("tensor([ -3,  10, 200])", Tensor.of(new long[] {-3, 10, 200}).toString());
        assertEquals("tensor([ True, False])", Tensor.of(new boolean[] {true, false}).toString());
        assertEquals("tensor([1.5000, 0.2500], dtype=F64)", Tensor.of(new double[] {1.5, 0.25}).toString());
        assertEquals("tensor([1, 2], dtype=I32)", Tensor.of(new int[] {1, 2}).toString());
    }

    @Test
    void emptyTensors() {
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals("tensor([], size=[0, 3])", Tensor.zeros(0, 3).toString());
    }

    @Test
    void autogradStateIsShown() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        assertEquals("tensor([1., 1.], requiresGrad=true)", x.toString());
        assertEquals("tensor([2., 2.], gradFn=mul)", x.mul(2).toString());
    }

    @Test
    void moreThanAThousandElementsAreSummarized() {
        assertEquals("tensor([   0,    1,    2,  ...,  998,  999, 1000])", Tensor.arange(1001).toString());
        assertEquals(1000, Tensor.arange(1000).toString().split(",").length, "1000 elements are printed in full");
        String s = Tensor.arange(0, 2000, 1).reshape(40, 50).toString();
        assertTrue(s.startsWith("tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01, 4.9000e+01],\n"
                + "        [5.0000e+01,"), s);
        assertTrue(s.contains("        ...,\n        [1.8500e+03,"), s);
        assertEquals(7, s.lines().count(), "three rows, the ellipsis row, three rows");
        assertTrue(s.endsWith("1.9990e+03]])"), s);
    }

    @Test
    void summarizedThreeDimensionalTensorMatchesPyTorchsLayout() {
        String s = Tensor.arange(1200).reshape(12, 10, 10).toString();
        // torch.arange(1200).reshape(12, 10, 10): 3 blocks, "...," between blank lines, 3 blocks; rows summarized too.
        assertTrue(s.startsWith("tensor([[[   0,    1,    2,  ...,    7,    8,    9],\n"
                + "         [  10,   11,   12,  ...,   17,   18,   19],\n"
                + "         [  20,   21,   22,  ...,   27,   28,   29],\n"
                + "         ...,\n"
                + "         [  70,   71,   72,  ...,   77,   78,   79],\n"), s);
        assertTrue(s.contains("  297,  298,  299]],\n\n        ...,\n\n        [[ 900,  901,  902,  ...,  907,  908,  909],\n"), s);
        assertTrue(s.endsWith("[1190, 1191, 1192,  ..., 1197, 1198, 1199]]])"), s);
        assertEquals(6 * 7 + 5 + 2, s.lines().count());
    }

    @Test
    void nonContiguousViewsPrintInLogicalOrder() {
        assertEquals("tensor([[0, 2],\n        [1, 3]])", Tensor.arange(4).reshape(2, 2).t().toString());
    }
}
