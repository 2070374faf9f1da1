package io.jgrad;

import java.util.Arrays;

/**
 * An immutable list of dimension sizes, validated on construction: no negative sizes, and at most
 * {@link #MAX_NUMEL} elements. Tensors index their elements with {@code int} (one Java array holds a host tensor),
 * so that is the limit on every backend; the non-empty dimensions of an empty shape obey it too, so that strides fit
 * an {@code int}. Every way of making a larger tensor ({@code Shape.of}, factories, reshape, expand, concat, pad,
 * arange, ...) throws an {@link IllegalArgumentException} naming the shape, never an overflowed size.
 */
public final class Shape {
    /** Largest element count a tensor may hold: 2^31 - 9, what one Java array can hold. */
    public static final long MAX_NUMEL = Integer.MAX_VALUE - 8;

    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        boolean empty = false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("invalid shape " + Arrays.toString(dims)
                        + ": dimension " + i + " is negative (" + dims[i] + ")");
            }
            empty |= dims[i] == 0;
        }
        long span = 1;
        for (int d : dims) {
            span *= Math.max(d, 1);
            if (span > MAX_NUMEL) throw tooLarge(Arrays.toString(dims), empty);
        }
        this.dims = dims;
        this.numel = empty ? 0 : (int) span;
    }

    private static IllegalArgumentException tooLarge(String dims, boolean empty) {
        return new IllegalArgumentException("invalid shape " + dims + ": "
                + (empty ? "its non-empty dimensions multiply to " : "") + "more than " + MAX_NUMEL + " elements");
    }

    /**
     * A shape computed in {@code long} (by concat or pad), checked before it is narrowed to {@code int}: a dimension
     * beyond the int range is reported with the whole shape, as an oversized product is.
     */
    static Shape of(String op, long[] dims) {
        int[] narrow = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > MAX_NUMEL) {
                throw new IllegalArgumentException(op + ": " + tooLarge(Arrays.toString(dims), false).getMessage());
            }
            narrow[i] = (int) dims[i];
        }
        try {
            return of(narrow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public static Shape scalar() { return SCALAR; }

    public int rank() { return dims.length; }

    public int numel() { return numel; }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        if (dims.length == 0) throw new IllegalArgumentException("dimension " + axis + " is out of range for a 0-d tensor (shape [])");
        return dims[axis(axis)];
    }

    public int[] dims() { return dims.clone(); }

    /** Normalizes a possibly negative axis, with a clear message when out of range. */
    public int axis(int axis) {
        return normalizeAxis(axis, dims.length);
    }

    public static int normalizeAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1) || (rank == 0 && axis != 0 && axis != -1)) {
            throw new IllegalArgumentException("dimension " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /** This shape with {@code -1} replaced so that numel matches; used by reshape/view. */
    public static Shape inferred(int numel, int[] dims, String op) {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + Arrays.toString(dims));
                unknown = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape " + Arrays.toString(dims) + " (dimension " + i + " is " + dims[i] + ")");
            } else {
                known = Math.min(known * dims[i], MAX_NUMEL + 1); // saturated: many huge dimensions cannot overflow
            }
        }
        int[] out = dims.clone();
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(dims) + " is invalid for input of size " + numel);
            }
            out[unknown] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(dims) + " is invalid for input of size " + numel);
        }
        return of(out);
    }

    /** NumPy broadcasting of two shapes; the message names the op, both shapes and the dimension. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) return a;
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.rank()) >= 0 ? a.dims[i - (rank - a.rank())] : 1;
            int db = i - (rank - b.rank()) >= 0 ? b.dims[i - (rank - b.rank())] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    @Override
    public String toString() { return Arrays.toString(dims); }
}
