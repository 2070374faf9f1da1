package io.jgrad.backend;

/** Reductions over a set of axes. Mean, variance and logsumexp are composed from these in the tensor ops. */
public enum ReduceOp {
    SUM(0) {
        public double combine(double acc, double x) { return acc + x; }
        public long combine(long acc, long x) { return acc + x; }
    },
    PROD(1) {
        public double combine(double acc, double x) { return acc * x; }
        public long combine(long acc, long x) { return acc * x; }
    },
    /** NaN propagates, as in PyTorch. */
    MAX(Double.NEGATIVE_INFINITY) {
        public double combine(double acc, double x) { return Double.isNaN(acc) || x > acc || Double.isNaN(x) ? (Double.isNaN(acc) ? acc : x) : acc; }
        public long combine(long acc, long x) { return Math.max(acc, x); }
    },
    MIN(Double.POSITIVE_INFINITY) {
        public double combine(double acc, double x) { return Double.isNaN(acc) || x < acc || Double.isNaN(x) ? (Double.isNaN(acc) ? acc : x) : acc; }
        public long combine(long acc, long x) { return Math.min(acc, x); }
    };

    private final double identity;

    ReduceOp(double identity) { this.identity = identity; }

    /** Start value for floating-point accumulation. */
    public double identity() { return identity; }

    /** Start value for integer accumulation. */
    public long longIdentity() {
        return switch (this) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
        };
    }

    public abstract double combine(double acc, double x);

    public abstract long combine(long acc, long x);

    /** Max and min of nothing are undefined (PyTorch raises); sum and prod have identities. */
    public boolean allowsEmpty() { return this == SUM || this == PROD; }
}
