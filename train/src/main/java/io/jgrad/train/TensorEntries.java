package io.jgrad.train;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.TensorBytes;

/** Conversions between tensors and safetensors entries (host copies, row-major). */
public final class TensorEntries {
    private TensorEntries() {}

    public static SafetensorsEntry toEntry(String name, Tensor t) {
        int[] dims = t.dims();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = dims[i];
        return switch (t.dtype()) {
            case F32 -> SafetensorsEntry.ofFloats(name, shape, t.toFloatArray());
            case F64 -> SafetensorsEntry.ofDoubles(name, shape, t.toDoubleArray());
            case I32 -> SafetensorsEntry.ofInts(name, shape, t.toIntArray());
            case I64 -> SafetensorsEntry.ofLongs(name, shape, t.toLongArray());
            case BOOL -> SafetensorsEntry.ofBooleans(name, shape, t.toBooleanArray());
        };
    }

    /** A tensor from an entry; F16/BF16 are widened to F32, other dtypes without a jgrad type are rejected. */
    public static Tensor toTensor(SafetensorsEntry e) {
        Shape shape = Shape.of(e.intShape());
        return switch (e.dtype()) {
            case F32, F16, BF16 -> Tensor.wrap(e.toFloats(), shape);
            case F64 -> Tensor.wrap(TensorBytes.toDoubles(e.data()), shape);
            case I32 -> Tensor.wrap(TensorBytes.toInts(e.data()), shape);
            case I64 -> Tensor.wrap(TensorBytes.toLongs(e.data()), shape);
            case BOOL -> Tensor.wrap(TensorBytes.toBooleans(e.data()), shape);
            default -> throw new IllegalArgumentException("tensor '" + e.name() + "' has dtype " + e.dtype() + ", which jgrad cannot load");
        };
    }
}
