package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.IndexRangeException;
import io.jgrad.backend.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The index kernels of a backend check every index value themselves (no host pass in the Tensor op): out-of-range
 * values raise {@link IndexRangeException} with the op, the value, its row-major position in the index, the axis and
 * the size, before anything is written; in-range indices of every layout still work.
 */
public abstract class IndexCheckContract extends KitSuite {
    protected IndexCheckContract(BackendTestKit kit) { super(kit); }

    private static IndexRangeException assertRange(String message, Executable call) {
        IndexRangeException e = assertThrows(IndexRangeException.class, call);
        assertEquals(message, e.getMessage());
        return e;
    }

    @Test
    void outOfRangeIndicesAreReportedByTheKernels() {
        Tensor x = Tensor.zeros(2, 3);
        assertRange("gather: index 3 (at flat position 1) is out of range for dimension 1 of size 3",
                () -> x.gather(1, Tensor.of(new long[][] {{0, 3}, {1, 1}})));
        assertRange("gather: index -1 (at flat position 0) is out of range for dimension 0 of size 2",
                () -> x.gather(0, Tensor.of(new long[][] {{-1}})));
        assertRange("indexSelect: index 2 (at flat position 2) is out of range for dimension 0 of size 2",
                () -> x.indexSelect(0, Tensor.of(new long[] {0, 1, 2})));
        assertRange("scatterAdd: index 5 (at flat position 0) is out of range for dimension 1 of size 3",
                () -> x.scatterAdd(1, Tensor.of(new long[][] {{5}}), Tensor.ones(1, 1)));
        IndexRangeException e = assertRange("oneHot: index 4 (at flat position 1) is out of range for dimension -1 of size 4",
                () -> Tensor.of(new long[] {0, 4, 9}).oneHot(4));
        assertEquals(4, e.value());
        assertEquals(1, e.position());
        // I32 indices, and an index viewed transposed: positions count in the view's row-major order.
        assertRange("gather: index 7 (at flat position 2) is out of range for dimension 1 of size 3",
                () -> x.gather(1, Tensor.of(new int[][] {{0, 7}, {1, 2}}).t()));
        // Checked even when the input has no elements to read.
        assertRange("indexSelect: index 3 (at flat position 0) is out of range for dimension 1 of size 3",
                () -> Tensor.zeros(0, 3).indexSelect(1, Tensor.of(new long[] {3})));
    }

    @Test
    void aFailedScatterWritesNothing() {
        Backend b = backend();
        HostStorage dst = HostStorage.wrap(new float[] {1, 2, 3});
        Storage onDevice = b.upload(dst);
        Storage index = b.upload(HostStorage.wrap(new long[] {0, 1, 3}));
        Storage src = b.upload(HostStorage.wrap(new float[] {10, 10, 10}));
        io.jgrad.Layout l = io.jgrad.Layout.contiguous(io.jgrad.Shape.of(3));
        assertThrows(IndexRangeException.class, () -> b.scatterAdd(onDevice, l, 0, index, l, src, l));
        assertArrayEquals(new float[] {1, 2, 3}, b.download(onDevice).floats());
    }

    @Test
    void inRangeIndicesStillWork() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {3, 1, 4, 6}, x.gather(1, Tensor.of(new int[][] {{2, 0}, {0, 2}})).toDoubleArray());
        assertArrayEquals(new double[] {4, 5, 6, 4, 5, 6}, x.indexSelect(0, Tensor.of(new long[] {1, 1})).toDoubleArray());
        assertArrayEquals(new long[] {0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0},
                Tensor.of(new int[] {1, 2, 0}).oneHot(4).toLongArray());
        assertEquals(DType.I64, Tensor.of(new long[] {1}).oneHot(2).dtype());
        assertArrayEquals(new long[] {0, 1}, Tensor.scalar(DType.I64, 1).oneHot(2).toLongArray());
    }
}
