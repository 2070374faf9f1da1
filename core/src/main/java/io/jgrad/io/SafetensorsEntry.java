package io.jgrad.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of a safetensors file, as raw little-endian bytes in row-major (C) order.
 *
 * <p>The shape is copied; the data array is not (tensors can be large), so callers must not modify it after
 * handing it over.
 *
 * @param name  the tensor name, e.g. {@code features.0.weight}
 * @param dtype the element type
 * @param shape the dimensions, each {@code >= 0}; empty for a scalar
 * @param data  {@code product(shape) * dtype.size()} bytes, little endian
 */
public record SafetensorsEntry(String name, SafetensorsDtype dtype, long[] shape, byte[] data) {

    /** Validates the entry: a name other than {@code __metadata__}, non-negative dims, and a data length matching shape and dtype. */
    public SafetensorsEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (name.equals(SafetensorsFile.METADATA_KEY)) {
            throw new IllegalArgumentException("invalid tensor name '" + name + "'");
        }
        shape = shape.clone();
        long expected = byteSize(name, dtype, shape);
        if (expected != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + dtype + " shape " + Arrays.toString(shape)
                    + " needs " + expected + " bytes but data has " + data.length);
        }
    }

    /** @return an F32 entry holding {@code values} */
    public static SafetensorsEntry ofFloats(String name, long[] shape, float[] values) {
        return new SafetensorsEntry(name, SafetensorsDtype.F32, shape, TensorBytes.fromFloats(values));
    }

    /** @return an F64 entry holding {@code values} */
    public static SafetensorsEntry ofDoubles(String name, long[] shape, double[] values) {
        return new SafetensorsEntry(name, SafetensorsDtype.F64, shape, TensorBytes.fromDoubles(values));
    }

    /** @return an I32 entry holding {@code values} */
    public static SafetensorsEntry ofInts(String name, long[] shape, int[] values) {
        return new SafetensorsEntry(name, SafetensorsDtype.I32, shape, TensorBytes.fromInts(values));
    }

    /** @return an I64 entry holding {@code values} */
    public static SafetensorsEntry ofLongs(String name, long[] shape, long[] values) {
        return new SafetensorsEntry(name, SafetensorsDtype.I64, shape, TensorBytes.fromLongs(values));
    }

    /** @return a BOOL entry holding {@code values} */
    public static SafetensorsEntry ofBooleans(String name, long[] shape, boolean[] values) {
        return new SafetensorsEntry(name, SafetensorsDtype.BOOL, shape, TensorBytes.fromBooleans(values));
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * @return the shape as ints, for tensor constructors
     * @throws IllegalArgumentException naming the tensor and its shape if a dimension exceeds {@code int} (even in an
     *                                  empty tensor such as {@code [0, 2^40]}, which a tensor cannot index)
     */
    public int[] intShape() {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + Json.printable(name) + "': dimension " + i
                        + " of shape " + Arrays.toString(shape) + " exceeds " + Integer.MAX_VALUE
                        + ", the largest a jgrad tensor indexes");
            }
            out[i] = (int) shape[i];
        }
        return out;
    }

    /** @return the number of elements, {@code product(shape)} */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d; // cannot overflow: validated in the constructor
        }
        return n;
    }

    /**
     * Decodes floating-point data to float: exact for F32, F16 and BF16, rounded for F64.
     *
     * @throws IllegalStateException if the dtype is not a floating-point type
     */
    public float[] toFloats() {
        return switch (dtype) {
            case F32 -> TensorBytes.toFloats(data);
            case F16 -> TensorBytes.f16ToFloats(data);
            case BF16 -> TensorBytes.bf16ToFloats(data);
            case F64 -> {
                double[] d = TensorBytes.toDoubles(data);
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                yield f;
            }
            default -> throw new IllegalStateException("tensor '" + name + "' has dtype " + dtype + ", not a float type");
        };
    }

    /**
     * Computes {@code product(shape) * dtype.size()} with overflow checks.
     *
     * @throws IllegalArgumentException for a negative dimension or a size beyond {@code long}
     */
    static long byteSize(String name, SafetensorsDtype dtype, long[] shape) {
        long n = dtype.size();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': byte size of " + dtype + " shape " + Arrays.toString(shape) + " overflows");
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "SafetensorsEntry[" + name + ", " + dtype + ", " + Arrays.toString(shape) + ", " + data.length + " bytes]";
    }
}
