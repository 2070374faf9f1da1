package io.jgrad.backend;

/** Elementwise functions of two arguments (after broadcasting), in floating point and in integers. */
public enum BinaryOp {
    ADD {
        public double apply(double x, double y) { return x + y; }
        public long apply(long x, long y) { return x + y; }
    },
    SUB {
        public double apply(double x, double y) { return x - y; }
        public long apply(long x, long y) { return x - y; }
    },
    MUL {
        public double apply(double x, double y) { return x * y; }
        public long apply(long x, long y) { return x * y; }
    },
    /** True division; integer operands are converted to floating point before reaching a backend. */
    DIV {
        public double apply(double x, double y) { return x / y; }
        public long apply(long x, long y) { throw new UnsupportedOperationException("integer division"); }
    },
    POW {
        public double apply(double x, double y) { return Math.pow(x, y); }
        public long apply(long x, long y) {
            if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) == 0 ? 1 : -1) : 0;
            long r = 1;
            for (long base = x, e = y; e > 0; e >>= 1, base *= base) if ((e & 1) == 1) r *= base;
            return r;
        }
    },
    MINIMUM {
        public double apply(double x, double y) { return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y); }
        public long apply(long x, long y) { return Math.min(x, y); }
    },
    MAXIMUM {
        public double apply(double x, double y) { return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y); }
        public long apply(long x, long y) { return Math.max(x, y); }
    };

    public abstract double apply(double x, double y);

    public abstract long apply(long x, long y);
}
