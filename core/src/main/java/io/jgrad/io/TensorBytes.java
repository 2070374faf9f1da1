package io.jgrad.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Conversions between little-endian byte arrays (the safetensors data layout) and Java primitive arrays,
 * plus the 16-bit float formats F16 (IEEE binary16) and BF16 (bfloat16).
 */
public final class TensorBytes {
    private TensorBytes() {
    }

    // ---- float / double / int / long / boolean <-> bytes ----

    /** @return {@code values} as little-endian F32 bytes */
    public static byte[] fromFloats(float[] values) {
        ByteBuffer b = allocate(values.length, Float.BYTES);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** @return the F32 values encoded little-endian in {@code bytes} */
    public static float[] toFloats(byte[] bytes) {
        float[] out = new float[count(bytes, Float.BYTES, "F32")];
        wrap(bytes).asFloatBuffer().get(out);
        return out;
    }

    /** @return {@code values} as little-endian F64 bytes */
    public static byte[] fromDoubles(double[] values) {
        ByteBuffer b = allocate(values.length, Double.BYTES);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    /** @return the F64 values encoded little-endian in {@code bytes} */
    public static double[] toDoubles(byte[] bytes) {
        double[] out = new double[count(bytes, Double.BYTES, "F64")];
        wrap(bytes).asDoubleBuffer().get(out);
        return out;
    }

    /** @return {@code values} as little-endian I32 bytes */
    public static byte[] fromInts(int[] values) {
        ByteBuffer b = allocate(values.length, Integer.BYTES);
        b.asIntBuffer().put(values);
        return b.array();
    }

    /** @return the I32 values encoded little-endian in {@code bytes} */
    public static int[] toInts(byte[] bytes) {
        int[] out = new int[count(bytes, Integer.BYTES, "I32")];
        wrap(bytes).asIntBuffer().get(out);
        return out;
    }

    /** @return {@code values} as little-endian I64 bytes */
    public static byte[] fromLongs(long[] values) {
        ByteBuffer b = allocate(values.length, Long.BYTES);
        b.asLongBuffer().put(values);
        return b.array();
    }

    /** @return the I64 values encoded little-endian in {@code bytes} */
    public static long[] toLongs(byte[] bytes) {
        long[] out = new long[count(bytes, Long.BYTES, "I64")];
        wrap(bytes).asLongBuffer().get(out);
        return out;
    }

    /** @return {@code values} as BOOL bytes (1 for true, 0 for false) */
    public static byte[] fromBooleans(boolean[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) (values[i] ? 1 : 0);
        }
        return out;
    }

    /** @return BOOL bytes decoded; any non-zero byte is true */
    public static boolean[] toBooleans(byte[] bytes) {
        boolean[] out = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] != 0;
        }
        return out;
    }

    // ---- 16-bit floats ----

    /** @return {@code values} rounded to F16 (round to nearest even), little-endian */
    public static byte[] floatsToF16(float[] values) {
        ByteBuffer b = allocate(values.length, 2);
        for (float v : values) {
            b.putShort(Float.floatToFloat16(v));
        }
        return b.array();
    }

    /** @return the F16 values in {@code bytes}, widened exactly to float */
    public static float[] f16ToFloats(byte[] bytes) {
        float[] out = new float[count(bytes, 2, "F16")];
        ByteBuffer b = wrap(bytes);
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.float16ToFloat(b.getShort());
        }
        return out;
    }

    /** @return {@code values} rounded to BF16 (round to nearest even), little-endian */
    public static byte[] floatsToBf16(float[] values) {
        ByteBuffer b = allocate(values.length, 2);
        for (float v : values) {
            b.putShort(floatToBf16(v));
        }
        return b.array();
    }

    /** @return the BF16 values in {@code bytes}, widened exactly to float */
    public static float[] bf16ToFloats(byte[] bytes) {
        float[] out = new float[count(bytes, 2, "BF16")];
        ByteBuffer b = wrap(bytes);
        for (int i = 0; i < out.length; i++) {
            out[i] = bf16ToFloat(b.getShort());
        }
        return out;
    }

    /** @return the float whose upper 16 bits are {@code bits} (exact) */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Rounds a float to bfloat16 with round-to-nearest-even, as PyTorch does; NaN stays a (quiet) NaN.
     *
     * @return the bfloat16 bit pattern
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            // Keep sign and set the quiet bit so truncation can never turn NaN into infinity.
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lsb = (bits >>> 16) & 1;
        int rounded = bits + 0x7FFF + lsb;
        return (short) (rounded >>> 16);
    }

    private static ByteBuffer allocate(int count, int size) {
        long n = (long) count * size;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " elements of " + size + " bytes do not fit in a byte array");
        }
        return ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int count(byte[] bytes, int size, String dtype) {
        if (bytes.length % size != 0) {
            throw new IllegalArgumentException(
                    bytes.length + " bytes is not a whole number of " + dtype + " elements (" + size + " bytes each)");
        }
        return bytes.length / size;
    }
}
