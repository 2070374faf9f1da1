package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The elementwise cases the backend test kit does not reach: an in-place op whose operand is another view of the
 * destination's own storage, and the refusals (integer-only and mixed-dtype arguments), against the reference.
 */
@GpuTest
class ElementwiseOpsGpuTest {
    private static final Backend REFERENCE = Backends.named("reference", Device.CPU);

    private static Backend cuda() { return Backends.named("cuda", Device.cuda(0)); }

    private static HostStorage counting(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = i * i - 7;
        return HostStorage.wrap(values);
    }

    /** {@code x += x^T} on a square matrix: each element must read its transposed partner before that is updated. */
    private static double[] addOwnTranspose(Backend b) {
        Layout square = Layout.contiguous(Shape.of(33, 33));
        Storage s = b.upload(counting(33 * 33));
        b.binaryInPlace(BinaryOp.ADD, s, square, s, square.transpose(0, 1));
        return b.download(s).doubles();
    }

    @Test
    void inPlaceOperandThatViewsTheDestinationIsReadBeforeItIsWritten() {
        assertArrayEquals(addOwnTranspose(REFERENCE), addOwnTranspose(cuda()));
    }

    @Test
    void opsTheReferenceRefusesAreRefused() {
        Backend b = cuda();
        Layout three = Layout.contiguous(Shape.of(3));
        Storage longs = b.upload(HostStorage.wrap(new long[] {1, 2, 3}));
        Storage doubles = b.upload(HostStorage.wrap(new double[] {1, 2, 3}));
        IllegalArgumentException exp = assertThrows(IllegalArgumentException.class,
                () -> b.unary(UnaryOp.EXP, longs, three, 0, 0));
        assertTrue(exp.getMessage().contains("EXP") && exp.getMessage().contains("I64"), exp.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> b.binary(BinaryOp.DIV, longs, three, longs, three));
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> b.compare(CompareOp.LT, longs, three, doubles, three));
        assertTrue(mixed.getMessage().contains("I64") && mixed.getMessage().contains("F64"), mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.where(doubles, three, longs, three, longs, three));
        // An empty tensor has nothing to refuse, as in the reference.
        Layout none = Layout.contiguous(Shape.of(0));
        assertEquals(0, b.download(b.unary(UnaryOp.EXP, b.allocate(DType.I64, 0), none, 0, 0)).length());
    }
}
