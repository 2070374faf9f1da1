package io.jgrad;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    @Test
    void allCloseUsesAbsoluteAndRelativeTolerance() {
        Tensor a = Tensor.of(new double[] {1, 100});
        assertTrue(a.allClose(Tensor.of(new double[] {1 + 1e-9, 100 + 1e-4})));
        assertFalse(a.allClose(Tensor.of(new double[] {1 + 1e-4, 100})));
        assertTrue(a.allClose(Tensor.of(new double[] {1.05, 100}), 0, 0.06));
        assertFalse(a.allClose(Tensor.of(new double[] {1.05, 100}), 0.01, 0.01));
        assertTrue(a.allClose(Tensor.of(new double[] {1.05, 101}), 0.05, 0));
    }

    @Test
    void shapesMustMatchAndDTypesMayDiffer() {
        assertFalse(Tensor.zeros(2, 3).allClose(Tensor.zeros(3, 2)));
        assertFalse(Tensor.zeros(6).equalValues(Tensor.zeros(2, 3)));
        assertTrue(Tensor.of(new long[] {1, 2}).equalValues(Tensor.of(new float[] {1, 2})));
        assertTrue(Tensor.of(new long[] {1L << 60}).equalValues(Tensor.of(new long[] {1L << 60})));
        assertFalse(Tensor.of(new long[] {(1L << 60) + 1}).equalValues(Tensor.of(new long[] {1L << 60})), "I64 compared exactly");
    }

    @Test
    void nanEqualsOnlyNaNAndInfinitiesCompareExactly() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        assertTrue(Tensor.of(new double[] {nan, inf}).allClose(Tensor.of(new double[] {nan, inf})));
        assertFalse(Tensor.of(new double[] {nan}).allClose(Tensor.of(new double[] {0})));
        assertFalse(Tensor.of(new double[] {0}).allClose(Tensor.of(new double[] {nan})));
        assertFalse(Tensor.of(new double[] {inf}).allClose(Tensor.of(new double[] {-inf})));
        assertFalse(Tensor.of(new double[] {inf}).allClose(Tensor.of(new double[] {1e308}), 1, 0));
    }
}
