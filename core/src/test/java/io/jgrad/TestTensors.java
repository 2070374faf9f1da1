package io.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on tensors used across the core tests. */
final class TestTensors {
    private TestTensors() {}

    static void assertValues(double[] expected, Tensor actual, double tol) {
        assertArrayEquals(expected, actual.toDoubleArray(), tol, () -> "values of " + actual);
    }

    static void assertTensor(int[] shape, double[] expected, Tensor actual, double tol) {
        assertArrayEquals(shape, actual.dims(), () -> "shape of " + actual);
        assertValues(expected, actual, tol);
    }

    static void assertTensor(DType dtype, int[] shape, long[] expected, Tensor actual) {
        assertEquals(dtype, actual.dtype(), () -> "dtype of " + actual);
        assertArrayEquals(shape, actual.dims(), () -> "shape of " + actual);
        assertArrayEquals(expected, actual.toLongArray(), () -> "values of " + actual);
    }

    static int[] shape(int... dims) { return dims; }

    static double[] d(double... v) { return v; }
}
