package io.jgrad.cpu;

import io.jgrad.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise functions of one argument on contiguous stretches. F32 runs every {@link UnaryOp} on vectors (the
 * Vector API's EXP/TANH measured 13-18x faster than a {@code Math.exp}/{@code Math.tanh} loop here); exp (also inside
 * sigmoid, erf and softplus) is {@link FloatExp}, which gives the same bits in every JIT tier; erf, which the Vector
 * API lacks, uses a polynomial accurate to 1.5e-7; tanh (also inside GELU's tanh form) is {@link FloatTanh}, built on
 * {@link FloatExp} for the same reason. F64 vectorizes the cheap ops and runs the op's own
 * scalar definition (the reference's exact values) for the rest.
 */
final class UnaryKernels {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float GELU_C = (float) io.jgrad.backend.SpecialFunctions.SQRT_2_OVER_PI;
    private static final float GELU_CUBIC = (float) io.jgrad.backend.SpecialFunctions.GELU_CUBIC;

    private UnaryKernels() {}

    static void f32(UnaryOp op, float a, float b, float[] x, int xo, float[] o, int oo, int n) {
        int full = FS.loopBound(n);
        if (full > 0) vectors(op, a, b, x, xo, o, oo, full);
        if (full < n) {
            // The tail goes through the same vector code on a padded copy, so every element is computed alike.
            float[] t = new float[FS.length()];
            System.arraycopy(x, xo + full, t, 0, n - full);
            vectors(op, a, b, t, 0, t, 0, t.length);
            System.arraycopy(t, 0, o, oo + full, n - full);
        }
    }

    /**
     * {@code op} over {@code n} elements, a multiple of the vector length. Each op has its own loop: one shared loop
     * around a per-vector switch is too big for the JIT to inline, and then every vector is boxed (measured 10x
     * slower). The ops are split over a few methods to keep each within the JIT's size limits.
     */
    private static void vectors(UnaryOp op, float a, float b, float[] x, int xo, float[] o, int oo, int n) {
        switch (op) {
            case NEG, ABS, SIGN, SQRT, RSQRT, RECIPROCAL, SQUARE, RELU, LEAKY_RELU, CLAMP -> arithmetic(op, a, b, x, xo, o, oo, n);
            case EXP, LOG, LOG1P, SIN, COS, TANH, POW_SCALAR -> transcendental(op, a, x, xo, o, oo, n);
            case ERF, SIGMOID, ELU, GELU, GELU_TANH, SILU, SOFTPLUS -> activation(op, a, b, x, xo, o, oo, n);
        }
    }

    private static FloatVector load(float[] x, int i) { return FloatVector.fromArray(FS, x, i); }

    private static void arithmetic(UnaryOp op, float a, float b, float[] x, int xo, float[] o, int oo, int n) {
        int step = FS.length();
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i += step) load(x, xo + i).neg().intoArray(o, oo + i); }
            case ABS -> { for (int i = 0; i < n; i += step) load(x, xo + i).abs().intoArray(o, oo + i); }
            case SIGN -> {
                for (int i = 0; i < n; i += step) {
                    FloatVector v = load(x, xo + i);
                    // +-0 and NaN pass through unchanged, as Math.signum does.
                    v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f)).intoArray(o, oo + i);
                }
            }
            case SQRT -> { for (int i = 0; i < n; i += step) load(x, xo + i).sqrt().intoArray(o, oo + i); }
            case RSQRT -> {
                FloatVector one = FloatVector.broadcast(FS, 1f);
                for (int i = 0; i < n; i += step) one.div(load(x, xo + i).sqrt()).intoArray(o, oo + i);
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(FS, 1f);
                for (int i = 0; i < n; i += step) one.div(load(x, xo + i)).intoArray(o, oo + i);
            }
            case SQUARE -> { for (int i = 0; i < n; i += step) { FloatVector v = load(x, xo + i); v.mul(v).intoArray(o, oo + i); } }
            case RELU -> {
                // Only x <= 0 becomes 0: NaN compares false and passes through, as in PyTorch.
                for (int i = 0; i < n; i += step) { FloatVector v = load(x, xo + i); v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(o, oo + i); }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i += step) { FloatVector v = load(x, xo + i); v.blend(v.mul(a), v.compare(VectorOperators.GT, 0f).not()).intoArray(o, oo + i); }
            }
            case CLAMP -> {
                boolean lower = !Float.isNaN(a), upper = !Float.isNaN(b);
                for (int i = 0; i < n; i += step) {
                    FloatVector v = load(x, xo + i);
                    if (lower) v = v.blend(a, v.compare(VectorOperators.LT, a));
                    if (upper) v = v.blend(b, v.compare(VectorOperators.GT, b));
                    v.intoArray(o, oo + i);
                }
            }
            default -> throw new AssertionError(op);
        }
    }

    private static void transcendental(UnaryOp op, float a, float[] x, int xo, float[] o, int oo, int n) {
        int step = FS.length();
        switch (op) {
            case EXP -> { for (int i = 0; i < n; i += step) FloatExp.exp(load(x, xo + i)).intoArray(o, oo + i); }
            case LOG -> { for (int i = 0; i < n; i += step) load(x, xo + i).lanewise(VectorOperators.LOG).intoArray(o, oo + i); }
            case LOG1P -> { for (int i = 0; i < n; i += step) load(x, xo + i).lanewise(VectorOperators.LOG1P).intoArray(o, oo + i); }
            case SIN -> { for (int i = 0; i < n; i += step) load(x, xo + i).lanewise(VectorOperators.SIN).intoArray(o, oo + i); }
            case COS -> { for (int i = 0; i < n; i += step) load(x, xo + i).lanewise(VectorOperators.COS).intoArray(o, oo + i); }
            case TANH -> { for (int i = 0; i < n; i += step) FloatTanh.tanh(load(x, xo + i)).intoArray(o, oo + i); }
            case POW_SCALAR -> {
                if (a == 2f) {
                    for (int i = 0; i < n; i += step) { FloatVector v = load(x, xo + i); v.mul(v).intoArray(o, oo + i); }
                } else if (a == 1f) {
                    System.arraycopy(x, xo, o, oo, n);
                } else {
                    // Math.pow rounded to float, as the reference: the vector POW's results (C's special cases, the
                    // last bit) change with the JIT tier that runs it.
                    for (int i = 0; i < n; i++) o[oo + i] = (float) Math.pow(x[xo + i], a);
                }
            }
            default -> throw new AssertionError(op);
        }
    }

    private static void activation(UnaryOp op, float a, float b, float[] x, int xo, float[] o, int oo, int n) {
        int step = FS.length();
        switch (op) {
            case ERF -> { for (int i = 0; i < n; i += step) erf(load(x, xo + i)).intoArray(o, oo + i); }
            case SIGMOID -> { for (int i = 0; i < n; i += step) sigmoid(load(x, xo + i)).intoArray(o, oo + i); }
            case SILU -> { for (int i = 0; i < n; i += step) { FloatVector v = load(x, xo + i); v.mul(sigmoid(v)).intoArray(o, oo + i); } }
            case ELU -> {
                for (int i = 0; i < n; i += step) {
                    FloatVector v = load(x, xo + i);
                    v.blend(v.lanewise(VectorOperators.EXPM1).mul(a), v.compare(VectorOperators.GT, 0f).not()).intoArray(o, oo + i);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i += step) { FloatVector v = load(x, xo + i); v.mul(0.5f).mul(erf(v.mul(SQRT_HALF)).add(1f)).intoArray(o, oo + i); }
            }
            case GELU_TANH -> {
                for (int i = 0; i < n; i += step) {
                    FloatVector v = load(x, xo + i);
                    FloatVector inner = v.mul(v).mul(v).mul(GELU_CUBIC).add(v).mul(GELU_C);
                    v.mul(0.5f).mul(FloatTanh.tanh(inner).add(1f)).intoArray(o, oo + i);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i += step) {
                    FloatVector v = load(x, xo + i), bx = v.mul(a);
                    FloatVector soft = FloatExp.exp(bx).lanewise(VectorOperators.LOG1P).div(a);
                    soft.blend(v, bx.compare(VectorOperators.GT, b)).intoArray(o, oo + i);
                }
            }
            default -> throw new AssertionError(op);
        }
    }

    private static FloatVector sigmoid(FloatVector v) {
        // exp(-x) overflows to +inf for very negative x, and 1 / (1 + inf) is the right limit, 0.
        return FloatVector.broadcast(FS, 1f).div(FloatExp.exp(v.neg()).add(1f));
    }

    /** Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, enough for float. NaN stays NaN. */
    static FloatVector erf(FloatVector v) {
        FloatVector ax = v.abs();
        FloatVector t = FloatVector.broadcast(FS, 1f).div(ax.mul(0.3275911f).add(1f));
        FloatVector poly = t.mul(1.061405429f).add(-1.453152027f)
                .mul(t).add(1.421413741f)
                .mul(t).add(-0.284496736f)
                .mul(t).add(0.254829592f)
                .mul(t);
        FloatVector r = poly.mul(FloatExp.exp(ax.mul(ax).neg())).neg().add(1f);
        return r.blend(r.neg(), v.compare(VectorOperators.LT, 0f));
    }

    static void f64(UnaryOp op, double a, double b, double[] x, int xo, double[] o, int oo, int n) {
        int step = DS.length(), full = DS.loopBound(n), i;
        switch (op) {
            case NEG -> { for (i = 0; i < full; i += step) DoubleVector.fromArray(DS, x, xo + i).neg().intoArray(o, oo + i); }
            case ABS -> { for (i = 0; i < full; i += step) DoubleVector.fromArray(DS, x, xo + i).abs().intoArray(o, oo + i); }
            case SQRT -> { for (i = 0; i < full; i += step) DoubleVector.fromArray(DS, x, xo + i).sqrt().intoArray(o, oo + i); }
            case SQUARE -> { for (i = 0; i < full; i += step) { DoubleVector v = DoubleVector.fromArray(DS, x, xo + i); v.mul(v).intoArray(o, oo + i); } }
            case RELU -> {
                for (i = 0; i < full; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(o, oo + i);
                }
            }
            // Everything else runs the op's scalar definition (in double, exactly the reference's values).
            default -> i = 0;
        }
        for (; i < n; i++) o[oo + i] = op.apply(x[xo + i], a, b);
    }
}
