package io.jgrad.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mean squared error's passes over contiguous stretches, each reading x and y once: the squares
 * {@code (x - y)^2}, the sum of one block of them, and the gradient {@code (g * (x - y)) * 2}. Element by element
 * they compute what the SPI's composed defaults compute (the same operations in the same order, so the same bits).
 *
 * <p>A sum is cut into blocks of a fixed number of elements ({@link #F32_BLOCK}, {@link #F64_BLOCK}) whatever the
 * thread count, each summed on its own and the blocks' sums added in order, so a loss has the same bits on one
 * thread or many. An F32 block is {@link ReduceKernels#rowF32}'s: squares added in float vectors, the lanes then added
 * in order in double, so on one thread the sum is bit for bit that of {@code (x - y).square().sum()}; with several
 * threads that composed sum adds per-thread partial sums instead. An F64 block adds its squares in double vectors,
 * then the lanes in order, then the last block's tail one by one; the composed F64 sum runs one vector accumulator
 * over the whole row, so F64 sums of more than one block differ from it in the last bits.
 */
final class SquaredErrorKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Elements of x and y whose squares one F32 block sums: {@link ReduceKernels#BLOCK} vectors. */
    static final int F32_BLOCK = ReduceKernels.BLOCK * FS.length();
    /** Elements whose squares one F64 block sums. */
    static final int F64_BLOCK = ReduceKernels.BLOCK * DS.length();

    private SquaredErrorKernels() {}

    /** {@code out[oo + i] = (x[xo + i] - y[yo + i])^2} for i < n. */
    static void squaresF32(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector d = FloatVector.fromArray(FS, x, xo + i).sub(FloatVector.fromArray(FS, y, yo + i));
            d.mul(d).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float d = x[xo + i] - y[yo + i];
            out[oo + i] = d * d;
        }
    }

    static void squaresF64(double[] x, int xo, double[] y, int yo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector d = DoubleVector.fromArray(DS, x, xo + i).sub(DoubleVector.fromArray(DS, y, yo + i));
            d.mul(d).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            double d = x[xo + i] - y[yo + i];
            out[oo + i] = d * d;
        }
    }

    /** The sum of {@code (x[xo + i] - y[yo + i])^2} for i < n, one block (n at most {@link #F32_BLOCK}). */
    static double blockSumF32(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector acc = FloatVector.zero(FS);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector d = FloatVector.fromArray(FS, x, xo + i).sub(FloatVector.fromArray(FS, y, yo + i));
            acc = acc.add(d.mul(d));
        }
        if (i < n) {
            // The lanes past the end load as zeros on both sides: their squares add nothing.
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector d = Tails.load(FS, x, xo + i, m).sub(Tails.load(FS, y, yo + i, m));
            acc = acc.add(d.mul(d));
        }
        return Lanes.sum(acc);
    }

    /** The sum of {@code (x[xo + i] - y[yo + i])^2} for i < n, one block (n at most {@link #F64_BLOCK}). */
    static double blockSumF64(double[] x, int xo, double[] y, int yo, int n) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector d = DoubleVector.fromArray(DS, x, xo + i).sub(DoubleVector.fromArray(DS, y, yo + i));
            acc = acc.add(d.mul(d));
        }
        double sum = Lanes.sum(acc);
        for (; i < n; i++) {
            double d = x[xo + i] - y[yo + i];
            sum += d * d;
        }
        return sum;
    }

    /** {@code out[oo + i] = (g * (x[xo + i] - y[yo + i])) * 2} for i < n, one upstream value g for all. */
    static void gradientF32(float g, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        FloatVector gv = FloatVector.broadcast(FS, g);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector d = FloatVector.fromArray(FS, x, xo + i).sub(FloatVector.fromArray(FS, y, yo + i));
            gv.mul(d).mul(2f).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = (g * (x[xo + i] - y[yo + i])) * 2f;
    }

    /** {@code out[oo + i] = (g[go + i] * (x[xo + i] - y[yo + i])) * 2} for i < n. */
    static void gradientF32(float[] g, int go, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector d = FloatVector.fromArray(FS, x, xo + i).sub(FloatVector.fromArray(FS, y, yo + i));
            FloatVector.fromArray(FS, g, go + i).mul(d).mul(2f).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = (g[go + i] * (x[xo + i] - y[yo + i])) * 2f;
    }

    static void gradientF64(double g, double[] x, int xo, double[] y, int yo, double[] out, int oo, int n) {
        DoubleVector gv = DoubleVector.broadcast(DS, g);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector d = DoubleVector.fromArray(DS, x, xo + i).sub(DoubleVector.fromArray(DS, y, yo + i));
            gv.mul(d).mul(2d).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = (g * (x[xo + i] - y[yo + i])) * 2d;
    }

    static void gradientF64(double[] g, int go, double[] x, int xo, double[] y, int yo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector d = DoubleVector.fromArray(DS, x, xo + i).sub(DoubleVector.fromArray(DS, y, yo + i));
            DoubleVector.fromArray(DS, g, go + i).mul(d).mul(2d).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = (g[go + i] * (x[xo + i] - y[yo + i])) * 2d;
    }
}
