package io.jgrad;

/** Element types. F32 is the default for floating-point data, I64 for indices. */
public enum DType {
    F32(4, true), F64(8, true), I32(4, false), I64(8, false), BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    public int byteSize() { return byteSize; }

    public boolean isFloating() { return floating; }

    public boolean isInteger() { return this == I32 || this == I64; }

    /** The type both operands of a binary op are converted to: {@code BOOL < I32 < I64 < F32 < F64} (PyTorch's order). */
    public static DType promote(DType a, DType b) {
        return a.ordinalRank() >= b.ordinalRank() ? a : b;
    }

    /** The type of {@code tensor op scalar}: a floating scalar turns an integer or bool tensor into F32. */
    public DType withScalar(boolean scalarIsFloating) {
        if (scalarIsFloating && !floating) return F32;
        if (this == BOOL) return I64;
        return this;
    }

    /** The type of a floating-point result computed from this type (exp, mean, ...). */
    public DType toFloating() { return floating ? this : F32; }

    private int ordinalRank() {
        return switch (this) {
            case BOOL -> 0;
            case I32 -> 1;
            case I64 -> 2;
            case F32 -> 3;
            case F64 -> 4;
        };
    }
}
