package io.jgrad.cpu;

import io.jgrad.backend.SpecialFunctions;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activation gradients on contiguous stretches, fused into one pass: the ReLU gradient reads the gradient and the
 * input and writes the result, where the composed version writes a BOOL mask and reads it back in a select; GELU's
 * reads them once where the composed version makes about ten passes. GELU's follows the steps of the SPI's default
 * composition ({@code io.jgrad.backend.GeluGradient}): in F64 the same operations in the same order (the same bits as
 * the reference backend), in F32 on vectors with {@link UnaryKernels#erf}, {@link FloatExp} and {@link FloatTanh}.
 */
final class ActivationKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private ActivationKernels() {}

    /** {@code out[i] = x[i] <= 0 ? 0 : g[i]} for {@code n} elements (NaN in x passes g through; zeros are +0). */
    static void reluBackwardF32(float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector xv = FloatVector.fromArray(FS, x, xo + i);
            FloatVector.fromArray(FS, g, go + i).blend(0f, xv.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = x[xo + i] <= 0 ? 0f : g[go + i];
    }

    static void reluBackwardF64(double[] g, int go, double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector xv = DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector.fromArray(DS, g, go + i).blend(0d, xv.compare(VectorOperators.LE, 0d)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = x[xo + i] <= 0 ? 0d : g[go + i];
    }

    private static final double SQRT_HALF = Math.sqrt(0.5), INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double CUBIC = SpecialFunctions.GELU_CUBIC, CUBIC_SLOPE = 3 * CUBIC, C = SpecialFunctions.SQRT_2_OVER_PI;

    /**
     * {@code out[i] = g[i] * gelu'(x[i])} for {@code n} elements, the exact form or with {@code tanh} the
     * approximation; {@code out} shares no elements with g or x (the exact form keeps the normal CDF there between
     * two passes).
     */
    static void geluBackwardF32(float[] g, int go, float[] x, int xo, float[] out, int oo, int n, boolean tanh) {
        int full = FS.loopBound(n);
        geluVectors(g, go, x, xo, out, oo, full, tanh);
        if (full < n) {
            // The tail goes through the same vector code on padded copies, so every element is computed alike.
            int rest = n - full, lanes = FS.length();
            float[] tg = new float[lanes], tx = new float[lanes], tout = new float[lanes];
            System.arraycopy(g, go + full, tg, 0, rest);
            System.arraycopy(x, xo + full, tx, 0, rest);
            geluVectors(tg, 0, tx, 0, tout, 0, lanes, tanh);
            System.arraycopy(tout, 0, out, oo + full, rest);
        }
    }

    /**
     * Whole vectors of {@link #geluBackwardF32}. The exact form runs in two passes over chunks of {@link #EXACT_CHUNK}
     * elements (small enough to stay in L1 between them), each its own method: in one loop, C2 reached its node limit
     * (NodeCountInliningCutoff) before inlining the second exponential and called it with boxed vectors, 2.6-4.5 ns an
     * element depending on the run's JIT decisions, allocating all the while; 2.8 in two passes.
     */
    private static void geluVectors(float[] g, int go, float[] x, int xo, float[] out, int oo, int n, boolean tanh) {
        if (tanh) {
            geluTanhVectors(g, go, x, xo, out, oo, n);
        } else {
            geluExactVectors(g, go, x, xo, out, oo, n);
        }
    }

    private static void geluExactVectors(float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        for (int c = 0; c < n; c += EXACT_CHUNK) {
            int m = Math.min(EXACT_CHUNK, n - c);
            normalCdfVectors(x, xo + c, out, oo + c, m);
            geluExactSlopeVectors(g, go + c, x, xo + c, out, oo + c, m);
        }
    }

    private static final int EXACT_CHUNK = 1024;

    /** {@code out = (erf(x / sqrt 2) + 1) / 2} on whole vectors. */
    private static void normalCdfVectors(float[] x, int xo, float[] out, int oo, int n) {
        float sqrtHalf = (float) SQRT_HALF;
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            UnaryKernels.erf(v.mul(sqrtHalf)).add(1f).mul(0.5f).intoArray(out, oo + i);
        }
    }

    /** {@code out = g * (out + x * exp(-x^2 / 2) / sqrt(2 pi))} on whole vectors, out holding the normal CDF of x. */
    private static void geluExactSlopeVectors(float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        float density = (float) INV_SQRT_2PI;
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i), cdf = FloatVector.fromArray(FS, out, oo + i);
            FloatVector pdf = FloatExp.exp(v.mul(v).mul(-0.5f)).mul(density);
            FloatVector.fromArray(FS, g, go + i).mul(cdf.add(v.mul(pdf))).intoArray(out, oo + i);
        }
    }

    private static void geluTanhVectors(float[] g, int go, float[] x, int xo, float[] out, int oo, int n) {
        float cubic = (float) CUBIC, cubicSlope = (float) CUBIC_SLOPE, c = (float) C;
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i), square = v.mul(v);
            FloatVector t = FloatTanh.tanh(v.add(square.mul(v).mul(cubic)).mul(c));
            FloatVector innerSlope = square.mul(cubicSlope).add(1f).mul(c);
            FloatVector right = v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(innerSlope);
            FloatVector.fromArray(FS, g, go + i).mul(t.add(1f).mul(0.5f).add(right)).intoArray(out, oo + i);
        }
    }

    static void geluBackwardF64(double[] g, int go, double[] x, int xo, double[] out, int oo, int n, boolean tanh) {
        for (int i = 0; i < n; i++) {
            double v = x[xo + i], square = v * v, slope;
            if (!tanh) {
                double cdf = (SpecialFunctions.erf(v * SQRT_HALF) + 1) * 0.5;
                slope = cdf + v * (Math.exp(square * -0.5) * INV_SQRT_2PI);
            } else {
                double t = Math.tanh((v + square * v * CUBIC) * C);
                slope = (t + 1) * 0.5 + v * 0.5 * (1 - t * t) * ((square * CUBIC_SLOPE + 1) * C);
            }
            out[oo + i] = g[go + i] * slope;
        }
    }
}
