package io.jgrad.backend;

/** Elementwise comparisons; results are BOOL. */
public enum CompareOp {
    EQ { public boolean test(double x, double y) { return x == y; } },
    NE { public boolean test(double x, double y) { return x != y; } },
    LT { public boolean test(double x, double y) { return x < y; } },
    LE { public boolean test(double x, double y) { return x <= y; } },
    GT { public boolean test(double x, double y) { return x > y; } },
    GE { public boolean test(double x, double y) { return x >= y; } };

    public abstract boolean test(double x, double y);

    /** Integer comparison (exact for I64 values beyond 2^53). */
    public boolean test(long x, long y) {
        int c = Long.compare(x, y);
        return switch (this) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }
}
