package io.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorBytesTest {
    @Test
    void primitiveArraysRoundTrip() {
        Random rnd = new Random(3);
        float[] f = new float[17];
        double[] d = new double[9];
        int[] i = new int[11];
        long[] l = new long[5];
        boolean[] b = new boolean[7];
        for (int k = 0; k < f.length; k++) f[k] = (float) rnd.nextGaussian();
        for (int k = 0; k < d.length; k++) d[k] = rnd.nextGaussian();
        for (int k = 0; k < i.length; k++) i[k] = rnd.nextInt();
        for (int k = 0; k < l.length; k++) l[k] = rnd.nextLong();
        for (int k = 0; k < b.length; k++) b[k] = rnd.nextBoolean();
        assertArrayEquals(f, TensorBytes.toFloats(TensorBytes.fromFloats(f)));
        assertArrayEquals(d, TensorBytes.toDoubles(TensorBytes.fromDoubles(d)));
        assertArrayEquals(i, TensorBytes.toInts(TensorBytes.fromInts(i)));
        assertArrayEquals(l, TensorBytes.toLongs(TensorBytes.fromLongs(l)));
        assertArrayEquals(b, TensorBytes.toBooleans(TensorBytes.fromBooleans(b)));
    }

    @Test
    void littleEndianLayout() {
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, TensorBytes.fromFloats(new float[] {1f}));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, TensorBytes.fromInts(new int[] {0x04030201}));
    }

    @Test
    void rejectsPartialElements() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorBytes.toFloats(new byte[6]));
        assertTrue(e.getMessage().contains("6 bytes"));
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, TensorBytes.floatToBf16(1f));
        // 1 + 2^-8 lies halfway between 1 (even mantissa) and 1 + 2^-7: ties go to even.
        assertEquals((short) 0x3F80, TensorBytes.floatToBf16(1f + 0x1p-8f));
        // 1 + 3*2^-8 lies halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        assertEquals((short) 0x3F82, TensorBytes.floatToBf16(1f + 3 * 0x1p-8f));
        assertEquals((short) 0x3F81, TensorBytes.floatToBf16(Math.nextUp(1f + 0x1p-8f)));
        // Largest finite float rounds up to infinity, as in PyTorch.
        assertEquals(Float.POSITIVE_INFINITY, TensorBytes.bf16ToFloat(TensorBytes.floatToBf16(Float.MAX_VALUE)));
        assertTrue(Float.isNaN(TensorBytes.bf16ToFloat(TensorBytes.floatToBf16(Float.intBitsToFloat(0x7F800001)))));
        assertEquals(-0f, TensorBytes.bf16ToFloat(TensorBytes.floatToBf16(-0f)));
    }

    @Test
    void everyBf16AndF16ValueDecodesAndReencodesExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            byte[] raw = {(byte) bits, (byte) (bits >>> 8)};
            float b = TensorBytes.bf16ToFloats(raw)[0];
            float h = TensorBytes.f16ToFloats(raw)[0];
            if (!Float.isNaN(b)) {
                assertArrayEquals(raw, TensorBytes.floatsToBf16(new float[] {b}), "bf16 " + Integer.toHexString(bits));
            }
            if (!Float.isNaN(h)) {
                assertArrayEquals(raw, TensorBytes.floatsToF16(new float[] {h}), "f16 " + Integer.toHexString(bits));
            }
        }
    }
}
