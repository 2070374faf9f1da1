package io.jgrad.backend;

/**
 * Elementwise functions of one argument. Each constant is the op's definition: its scalar formula, the oracle the
 * reference backend runs and every other backend's kernel is checked against. {@code a} and {@code b} are the
 * op's parameters (slope, bounds, exponent), unused by most.
 */
public enum UnaryOp {
    NEG { public double apply(double x, double a, double b) { return -x; } },
    ABS { public double apply(double x, double a, double b) { return Math.abs(x); } },
    SIGN { public double apply(double x, double a, double b) { return Math.signum(x); } },
    EXP { public double apply(double x, double a, double b) { return Math.exp(x); } },
    LOG { public double apply(double x, double a, double b) { return Math.log(x); } },
    LOG1P { public double apply(double x, double a, double b) { return Math.log1p(x); } },
    SQRT { public double apply(double x, double a, double b) { return Math.sqrt(x); } },
    RSQRT { public double apply(double x, double a, double b) { return 1 / Math.sqrt(x); } },
    RECIPROCAL { public double apply(double x, double a, double b) { return 1 / x; } },
    SQUARE { public double apply(double x, double a, double b) { return x * x; } },
    ERF { public double apply(double x, double a, double b) { return SpecialFunctions.erf(x); } },
    SIN { public double apply(double x, double a, double b) { return Math.sin(x); } },
    COS { public double apply(double x, double a, double b) { return Math.cos(x); } },
    TANH { public double apply(double x, double a, double b) { return Math.tanh(x); } },
    SIGMOID {
        public double apply(double x, double a, double b) {
            // Split by sign so exp never overflows.
            if (x >= 0) return 1 / (1 + Math.exp(-x));
            double e = Math.exp(x);
            return e / (1 + e);
        }
    },
    /** NaN passes through, as in PyTorch. */
    RELU { public double apply(double x, double a, double b) { return x <= 0 ? 0 : x; } },
    /** a = negative slope. */
    LEAKY_RELU { public double apply(double x, double a, double b) { return x > 0 ? x : a * x; } },
    /** a = alpha. */
    ELU { public double apply(double x, double a, double b) { return x > 0 ? x : a * Math.expm1(x); } },
    /** Exact GELU: x * Phi(x). */
    GELU { public double apply(double x, double a, double b) { return 0.5 * x * (1 + SpecialFunctions.erf(x / Math.sqrt(2))); } },
    /** GELU with the tanh approximation. */
    GELU_TANH {
        public double apply(double x, double a, double b) {
            return 0.5 * x * (1 + Math.tanh(SpecialFunctions.SQRT_2_OVER_PI * (x + SpecialFunctions.GELU_CUBIC * x * x * x)));
        }
    },
    SILU { public double apply(double x, double a, double b) { return x * SIGMOID.apply(x, 0, 0); } },
    /** a = beta, b = threshold above which the function is linear (PyTorch: 1 and 20). */
    SOFTPLUS {
        public double apply(double x, double a, double b) {
            double bx = a * x;
            return bx > b ? x : Math.log1p(Math.exp(bx)) / a;
        }
    },
    /** a = exponent. */
    POW_SCALAR { public double apply(double x, double a, double b) { return Math.pow(x, a); } },
    /** a = lower bound, b = upper bound (NaN = no bound). */
    CLAMP {
        public double apply(double x, double a, double b) {
            if (Double.isNaN(x)) return x;
            if (!Double.isNaN(a) && x < a) x = a;
            if (!Double.isNaN(b) && x > b) x = b;
            return x;
        }
    };

    public abstract double apply(double x, double a, double b);

    /** Ops that keep integer inputs integer (the rest compute in floating point). */
    public boolean keepsIntegers() {
        return this == NEG || this == ABS || this == SIGN || this == RELU || this == SQUARE || this == CLAMP;
    }
}
