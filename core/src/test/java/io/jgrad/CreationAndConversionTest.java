package io.jgrad;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.jgrad.TestTensors.assertTensor;
import static io.jgrad.TestTensors.assertValues;
import static io.jgrad.TestTensors.d;
import static io.jgrad.TestTensors.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factories (zeros, arange, of(nested arrays), ...) and conversions (toXxxArray, item, to(dtype)). */
class CreationAndConversionTest {
    @Test
    void constantFactories() {
        assertTensor(shape(2, 3), d(0, 0, 0, 0, 0, 0), Tensor.zeros(2, 3), 0);
        assertEquals(DType.F32, Tensor.zeros(2).dtype());
        assertTensor(DType.I64, shape(2), new long[] {1, 1}, Tensor.ones(DType.I64, 2));
        assertTensor(shape(2, 2), d(2.5, 2.5, 2.5, 2.5), Tensor.full(2.5, 2, 2), 0);
        assertEquals(DType.F64, Tensor.full(DType.F64, 1, 1).dtype());
        Tensor s = Tensor.scalar(4.5);
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
        assertEquals(4.5, s.item());
        assertEquals(DType.I32, Tensor.scalar(DType.I32, 3).dtype());
        assertTensor(shape(0, 4), d(), Tensor.ones(0, 4), 0);
        Tensor like = Tensor.onesLike(Tensor.zeros(DType.F64, 3, 1));
        assertEquals(DType.F64, like.dtype());
        assertTensor(shape(3, 1), d(1, 1, 1), like, 0);
        assertTensor(shape(3, 1), d(0, 0, 0), Tensor.zerosLike(like), 0);
    }

    @Test
    void arangeAndLinspace() {
        assertTensor(DType.I64, shape(5), new long[] {0, 1, 2, 3, 4}, Tensor.arange(5));
        assertTensor(DType.I64, shape(0), new long[] {}, Tensor.arange(0));
        // torch.arange(0, 1, 0.3) -> [0, 0.3, 0.6, 0.9]
        assertTensor(shape(4), d(0, 0.3, 0.6, 0.9), Tensor.arange(0, 1, 0.3), 1e-7);
        assertTensor(shape(3), d(5, 3, 1), Tensor.arange(5, 0, -2), 0);
        assertTensor(shape(0), d(), Tensor.arange(5, 0, 1), 0);
        assertEquals(DType.F64, Tensor.arange(0, 3, 1, DType.F64).dtype());
        assertTensor(shape(5), d(-1, -0.5, 0, 0.5, 1), Tensor.linspace(-1, 1, 5), 0);
        assertTensor(shape(1), d(3), Tensor.linspace(3, 7, 1), 0);
        assertTensor(shape(0), d(), Tensor.linspace(3, 7, 0), 0);
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1));
    }

    @Test
    void eye() {
        assertTensor(shape(3, 3), d(1, 0, 0, 0, 1, 0, 0, 0, 1), Tensor.eye(3), 0);
        assertTensor(shape(2, 3), d(1, 0, 0, 0, 1, 0), Tensor.eye(2, 3), 0);
        assertTensor(shape(3, 2), d(1, 0, 0, 1, 0, 0), Tensor.eye(3, 2), 0);
        assertTensor(shape(0, 0), d(), Tensor.eye(0), 0);
    }

    @Test
    void ofNestedArraysOfAnyRank() {
        assertTensor(shape(3), d(1, 2, 3), Tensor.of(new float[] {1, 2, 3}), 0);
        assertTensor(shape(2, 2), d(1, 2, 3, 4), Tensor.of(new double[][] {{1, 2}, {3, 4}}), 0);
        Tensor t3 = Tensor.of(new int[][][] {{{1, 2}}, {{3, 4}}, {{5, 6}}});
        assertTensor(DType.I32, shape(3, 1, 2), new long[] {1, 2, 3, 4, 5, 6}, t3);
        Tensor t4 = Tensor.of(new long[][][][] {{{{7}, {8}}}});
        assertTensor(DType.I64, shape(1, 1, 2, 1), new long[] {7, 8}, t4);
        Tensor b = Tensor.of(new boolean[][] {{true, false}});
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[] {true, false}, b.toBooleanArray());
        assertEquals(DType.F32, Tensor.of(new float[][] {{1}}).dtype());
        assertEquals(DType.F64, Tensor.of(new double[] {1}).dtype());
        assertTensor(shape(0), d(), Tensor.of(new float[0]), 0);
    }

    @Test
    void ofRejectsRaggedAndUnsupportedArrays() {
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new double[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("ragged") && ragged.getMessage().contains("[1]"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new String[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of((Object) "not an array"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1}, null}));
    }

    @Test
    void ofFlatArrayWithShapeCopiesAndChecksTheLength() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 99;
        assertTensor(shape(2, 3), d(1, 2, 3, 4, 5, 6), t, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 values") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertTensor(DType.I64, shape(2), new long[] {4, 5}, Tensor.of(new long[] {4, 5}, 2));
        assertTensor(DType.I32, shape(1, 2), new long[] {4, 5}, Tensor.of(new int[] {4, 5}, 1, 2));
        assertTensor(shape(1), d(7), Tensor.of(new double[] {7}), 0);
        assertEquals(0, Tensor.of(new double[] {7}, new int[0]).rank());
    }

    @Test
    void conversionsToJavaArrays() {
        Tensor t = Tensor.of(new double[][] {{1.75, -2.5}, {0, 3}}).t();
        assertArrayEquals(new double[] {1.75, 0, -2.5, 3}, t.toDoubleArray());
        assertArrayEquals(new float[] {1.75f, 0, -2.5f, 3}, t.toFloatArray());
        assertArrayEquals(new int[] {1, 0, -2, 3}, t.toIntArray(), "floating to integer truncates toward zero");
        assertArrayEquals(new long[] {1, 0, -2, 3}, t.toLongArray());
        assertArrayEquals(new boolean[] {true, false, true, true}, t.toBooleanArray());
        // The arrays are copies.
        Tensor c = Tensor.of(new double[] {1, 2});
        c.toDoubleArray()[0] = 5;
        assertEquals(1, c.toDoubleArray()[0]);
    }

    @Test
    void itemAndLongItem() {
        assertEquals(2.5, Tensor.of(new float[][] {{2.5f}}).item());
        assertEquals(1L << 60, Tensor.of(new long[] {1L << 60}).longItem());
        assertEquals(7, Tensor.arange(10).select(0, 7).longItem());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2, 3).item());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("6 elements"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void toDTypeRoundTripsSmallIntegers(DType dtype) {
        Tensor t = Tensor.of(new double[] {0, 1, 3}).to(dtype);
        assertEquals(dtype, t.dtype());
        double[] expected = dtype == DType.BOOL ? d(0, 1, 1) : d(0, 1, 3);
        assertValues(expected, t, 0);
        assertValues(expected, t.to(DType.F64), 0);
    }

    @Test
    void toSameDTypeIsIdentityAndCastsRound() {
        Tensor t = Tensor.of(new double[] {0.1});
        assertSame(t, t.to(DType.F64));
        Tensor f = t.to(DType.F32);
        assertEquals((double) 0.1f, f.item());
        assertNotSame(t, f);
        assertArrayEquals(new long[] {-2, 2}, Tensor.of(new double[] {-2.7, 2.7}).to(DType.I64).toLongArray());
        assertSame(t, t.to(Device.CPU));
        assertSame(t, t.to(t.backend()));
    }

    @Test
    void shapeValueType() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertEquals("[2, 3]", Shape.of(2, 3).toString());
        assertEquals(3, Shape.of(2, 3).dim(-1));
        assertEquals(0, Shape.of(4, 0, 5).numel());
        assertArrayEquals(new int[] {15, 5, 1}, Shape.of(2, 3, 5).contiguousStrides());
        assertEquals(Shape.of(2, 4, 3), Shape.broadcast("op", Shape.of(2, 1, 3), Shape.of(4, 1)));
        assertEquals(Shape.of(0, 3), Shape.broadcast("op", Shape.of(0, 1), Shape.of(3)));
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        assertEquals(2, s.dim(0), "Shape copies its input");
        s.dims()[0] = 9;
        assertEquals(2, s.dim(0), "dims() returns a copy");
    }

    @Test
    void deviceParsing() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.cuda(0), Device.parse("CUDA"));
        assertEquals(Device.cuda(1), Device.parse(" cuda:1 "));
        assertEquals("cuda:1", Device.cuda(1).toString());
        assertEquals("cpu", Device.CPU.toString());
        assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:-1"));
    }

    @Test
    void dtypeProperties() {
        assertEquals(4, DType.F32.byteSize());
        assertEquals(8, DType.I64.byteSize());
        assertTrue(DType.F64.isFloating());
        assertTrue(DType.I32.isInteger());
        assertEquals(DType.F32, DType.I64.toFloating());
        assertEquals(DType.F64, DType.F64.toFloating());
    }
}
