package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Device;

/**
 * Storage in a Java array on the heap: {@code float[]} (F32), {@code double[]} (F64), {@code int[]} (I32),
 * {@code long[]} (I64) or {@code boolean[]} (BOOL). Shared by every backend that computes on the host.
 *
 * <p>After {@link #close()} the array is still there (the garbage collector frees it) but every way to reach it
 * ({@link #of}, {@link #array()} and the typed accessors) throws, so a use after release fails here as it would on a
 * device. The check is one field read per op, where the op obtains the array.
 */
public final class HostStorage implements Storage {
    private final DType dtype;
    private final Object array;
    private final int length;
    private boolean closed;

    private HostStorage(DType dtype, Object array, int length) {
        this.dtype = dtype;
        this.array = array;
        this.length = length;
    }

    public static HostStorage allocate(DType dtype, int length) {
        return switch (dtype) {
            case F32 -> new HostStorage(dtype, new float[length], length);
            case F64 -> new HostStorage(dtype, new double[length], length);
            case I32 -> new HostStorage(dtype, new int[length], length);
            case I64 -> new HostStorage(dtype, new long[length], length);
            case BOOL -> new HostStorage(dtype, new boolean[length], length);
        };
    }

    /** Wraps (does not copy) a primitive array. */
    public static HostStorage wrap(Object array) {
        return switch (array) {
            case float[] a -> new HostStorage(DType.F32, a, a.length);
            case double[] a -> new HostStorage(DType.F64, a, a.length);
            case int[] a -> new HostStorage(DType.I32, a, a.length);
            case long[] a -> new HostStorage(DType.I64, a, a.length);
            case boolean[] a -> new HostStorage(DType.BOOL, a, a.length);
            default -> throw new IllegalArgumentException("cannot wrap " + array.getClass().getSimpleName()
                    + " as tensor storage (expected float[], double[], int[], long[] or boolean[])");
        };
    }

    /** Views a storage as host storage, or explains that it lives on a device or was closed. */
    public static HostStorage of(Storage s) {
        if (s instanceof HostStorage h) {
            if (h.closed) throw h.closedError();
            return h;
        }
        throw new IllegalStateException("storage on " + s.device() + " is not host memory; copy it to the cpu first");
    }

    @Override public DType dtype() { return dtype; }

    @Override public Device device() { return Device.CPU; }

    @Override public int length() { return length; }

    @Override public void close() { closed = true; }

    public boolean isClosed() { return closed; }

    private IllegalStateException closedError() {
        return new IllegalStateException(dtype + " storage of " + length
                + " elements was closed and cannot be used any more");
    }

    public Object array() {
        if (closed) throw closedError();
        return array;
    }

    public float[] floats() { return (float[]) array(); }

    public double[] doubles() { return (double[]) array(); }

    public int[] ints() { return (int[]) array(); }

    public long[] longs() { return (long[]) array(); }

    public boolean[] bools() { return (boolean[]) array(); }

    /** Element {@code i} as a double (exact for all but I64 values beyond 2^53). */
    public double getDouble(int i) {
        return switch (dtype) {
            case F32 -> ((float[]) array)[i];
            case F64 -> ((double[]) array)[i];
            case I32 -> ((int[]) array)[i];
            case I64 -> ((long[]) array)[i];
            case BOOL -> ((boolean[]) array)[i] ? 1 : 0;
        };
    }

    /** Element {@code i} as a long (floating values truncate toward zero, as a cast does). */
    public long getLong(int i) {
        return switch (dtype) {
            case F32 -> (long) ((float[]) array)[i];
            case F64 -> (long) ((double[]) array)[i];
            case I32 -> ((int[]) array)[i];
            case I64 -> ((long[]) array)[i];
            case BOOL -> ((boolean[]) array)[i] ? 1 : 0;
        };
    }

    public void setDouble(int i, double v) {
        switch (dtype) {
            case F32 -> ((float[]) array)[i] = (float) v;
            case F64 -> ((double[]) array)[i] = v;
            case I32 -> ((int[]) array)[i] = (int) v;
            case I64 -> ((long[]) array)[i] = (long) v;
            case BOOL -> ((boolean[]) array)[i] = v != 0;
        }
    }

    public void setLong(int i, long v) {
        switch (dtype) {
            case F32 -> ((float[]) array)[i] = v;
            case F64 -> ((double[]) array)[i] = v;
            case I32 -> ((int[]) array)[i] = (int) v;
            case I64 -> ((long[]) array)[i] = v;
            case BOOL -> ((boolean[]) array)[i] = v != 0;
        }
    }
}
