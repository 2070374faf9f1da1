package io.jgrad;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensors hold at most {@link Shape#MAX_NUMEL} elements (int indexing): every way of asking for more throws an
 * IllegalArgumentException that names the shape, before anything is allocated, never an ArithmeticException, an
 * overflowed negative size or an OutOfMemoryError. The large inputs are broadcast views of one element.
 */
class SizeLimitTest {
    private static final String LIMIT = "more than " + Shape.MAX_NUMEL + " elements";

    private static void assertTooLarge(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
        assertTrue(!e.getMessage().contains("negative"), e.getMessage());
    }

    /** A [rows, cols] view of a single element (no allocation). */
    private static Tensor huge(int rows, int cols) { return Tensor.zeros(1, 1).expand(rows, cols); }

    @Test
    void theLimitIsWhatAJavaArrayHolds() {
        assertEquals(Integer.MAX_VALUE - 8, Shape.MAX_NUMEL);
        assertEquals(Shape.MAX_NUMEL, Shape.of((int) Shape.MAX_NUMEL).numel());
        assertEquals(0, Shape.of(0, 46340, 46340).numel(), "an empty shape whose other dimensions fit is fine");
    }

    @Test
    void shapesBeyondTheLimit() {
        assertTooLarge("invalid shape [100000, 100000]: " + LIMIT, () -> Shape.of(100000, 100000));
        assertTooLarge("invalid shape [2147483640]: " + LIMIT, () -> Shape.of((int) Shape.MAX_NUMEL + 1));
        assertTooLarge("invalid shape [46341, 46341]: " + LIMIT, () -> Shape.of(46341, 46341));
        assertTooLarge("invalid shape [65536, 65536, 65536, 65536]: " + LIMIT, () -> Shape.of(65536, 65536, 65536, 65536));
        assertTooLarge("invalid shape [0, 65536, 65536]: its non-empty dimensions multiply to " + LIMIT,
                () -> Shape.of(0, 65536, 65536));
        assertTooLarge("invalid shape [65536, 65536]: " + LIMIT, () -> Tensor.zeros(DType.F64, 65536, 65536));
        assertTooLarge("invalid shape [3, 2147483647]: " + LIMIT, () -> Tensor.of(new long[] {0, 1, 2}).oneHot(Integer.MAX_VALUE));
    }

    @Test
    void opsWhoseResultWouldBeTooLarge() {
        assertTooLarge("invalid shape [65536, 65536]: " + LIMIT, () -> Tensor.zeros(1, 1).expand(65536, 65536));
        assertTooLarge("reshape: shape [-1, 65536, 65536] is invalid for input of size 4", () -> Tensor.zeros(4).reshape(-1, 65536, 65536));
        assertTooLarge("reshape: shape [65536, 65536, 65536, 65536, 65536] is invalid for input of size 4",
                () -> Tensor.zeros(4).reshape(65536, 65536, 65536, 65536, 65536));
        assertTooLarge("invalid shape [65536, 65536, 0]: its non-empty dimensions", () -> Tensor.zeros(0).reshape(65536, 65536, 0));
        assertTooLarge("concat: invalid shape [2147483648, 1]: " + LIMIT,
                () -> Tensor.concat(List.of(huge(1 << 30, 1), huge(1 << 30, 1)), 0));
        assertTooLarge("concat: invalid shape [4294967296, 1]: " + LIMIT,
                () -> Tensor.concat(List.of(huge(1 << 30, 1), huge(1 << 30, 1), huge(1 << 30, 1), huge(1 << 30, 1)), 0));
        assertTooLarge("concat: invalid shape [3, 1, 1073741824]: " + LIMIT,
                () -> Tensor.stack(List.of(huge(1, 1 << 30), huge(1, 1 << 30), huge(1, 1 << 30)), 0));
        assertTooLarge("pad: invalid shape [2, 4294967296]: " + LIMIT,
                () -> Tensor.zeros(2, 2).pad(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE}, 0));
        assertTooLarge("pad: invalid shape [4, 1073741828]: " + LIMIT, () -> Tensor.zeros(4, 4).pad(new int[] {0, 1 << 30}, 0));
        assertTooLarge("arange: 0.0 to 2.14748364E9 by 1.0 gives 2147483640 elements, more than a tensor holds",
                () -> Tensor.arange(0, Shape.MAX_NUMEL + 1, 1));
        assertTooLarge("invalid shape [65536, 65536]: " + LIMIT, () -> huge(65536, 1).add(huge(1, 65536)));
        assertTooLarge("invalid shape [65536, 65536]: " + LIMIT, () -> huge(65536, 1).matmul(huge(1, 65536)));
        assertTooLarge("invalid shape [65536, 65536]: " + LIMIT, () -> F.linear(huge(65536, 1), huge(65536, 1), null));
        assertTooLarge("upsample_nearest: invalid shape [1, 1, 1000000000, 4000000000]: " + LIMIT,
                () -> F.upsampleNearest(Tensor.zeros(1, 1, 1, 4), 1e9));
        assertTooLarge("upsample_nearest: invalid shape [1, 1, 65536, 65536]: " + LIMIT,
                () -> F.upsampleNearest(Tensor.zeros(1, 1, 2, 2), 65536, 65536));
    }
}
