package io.jgrad.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An unsigned-byte array read from an IDX file: the dimensions as stored (e.g. {@code [60000, 28, 28]} for MNIST
 * images, {@code [60000]} for labels) and the values in row-major order.
 *
 * <p>The dims are copied; the data array is not, so callers must not modify it.
 *
 * @param dims the dimensions, each positive
 * @param data {@code product(dims)} bytes, to be read as unsigned (0..255)
 */
public record IdxArray(int[] dims, byte[] data) {

    /** Checks that the data length equals the product of the dims. */
    public IdxArray {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(data, "data");
        dims = dims.clone();
        long n = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("dims must be positive: " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " exceed an array's capacity");
            }
        }
        if (n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + n + " bytes, data has " + data.length);
        }
    }

    /** @return a copy of the dimensions */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** @return the first dimension: the number of images or labels */
    public int count() {
        return dims[0];
    }

    /** @return the element at flat index {@code i} as an int in 0..255 */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    /** @return all elements as ints in 0..255 (e.g. class labels) */
    public int[] toInts() {
        int[] out = new int[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] & 0xFF;
        }
        return out;
    }

    /** @return all elements as floats, each {@code value * scale}; {@code 1/255f} maps pixels to [0, 1] */
    public float[] toFloats(float scale) {
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (data[i] & 0xFF) * scale;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && Arrays.equals(dims, a.dims) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dims);
    }
}
