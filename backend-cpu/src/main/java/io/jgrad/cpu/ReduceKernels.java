package io.jgrad.cpu;

import io.jgrad.backend.ReduceOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sum, max and min over contiguous data in two shapes: a row (reduce {@code n} consecutive elements) and columns
 * (reduce {@code rows} rows of {@code n} elements into one row, as for a bias gradient over a batch). F32 sums are
 * accumulated in float vectors over short blocks and the blocks in double, so long sums stay accurate.
 */
final class ReduceKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Elements (or rows) summed in float before the partial sum is added in double. */
    static final int BLOCK = 256;

    private ReduceKernels() {}

    static boolean supports(ReduceOp op) { return op == ReduceOp.SUM || op == ReduceOp.MAX || op == ReduceOp.MIN; }

    /*
     * The Vector API compiles an operator to a SIMD instruction only when it is a constant, so max and min are
     * separate branches (loop-invariant, which the JIT hoists) rather than one operator chosen at run time.
     */

    /** The reduction of {@code x[xo .. xo+n)}, n > 0. */
    static double rowF32(ReduceOp op, float[] x, int xo, int n) {
        if (op != ReduceOp.SUM) return extremumF32(op, x, xo, n);
        double total = 0;
        for (int start = 0; start < n; start += BLOCK * FS.length()) {
            int len = Math.min(n - start, BLOCK * FS.length());
            FloatVector acc = FloatVector.zero(FS);
            int i = 0;
            for (int bound = FS.loopBound(len); i < bound; i += FS.length()) acc = acc.add(FloatVector.fromArray(FS, x, xo + start + i));
            if (i < len) acc = acc.add(Tails.load(FS, x, xo + start + i, FS.indexInRange(i, len)));
            total += Lanes.sum(acc);
        }
        return total;
    }

    private static double extremumF32(ReduceOp op, float[] x, int xo, int n) {
        boolean max = op == ReduceOp.MAX;
        FloatVector acc = FloatVector.broadcast(FS, x[xo]);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + i);
            acc = max ? acc.max(v) : acc.min(v);
        }
        float r = max ? acc.reduceLanes(VectorOperators.MAX) : acc.reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) r = max ? Math.max(r, x[xo + i]) : Math.min(r, x[xo + i]);
        return r;
    }

    static double rowF64(ReduceOp op, double[] x, int xo, int n) {
        DoubleVector acc = op == ReduceOp.SUM ? DoubleVector.zero(DS) : DoubleVector.broadcast(DS, x[xo]);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) acc = combine(op, acc, DoubleVector.fromArray(DS, x, xo + i));
        double r = switch (op) {
            case SUM -> Lanes.sum(acc);
            case MAX -> acc.reduceLanes(VectorOperators.MAX);
            default -> acc.reduceLanes(VectorOperators.MIN);
        };
        for (; i < n; i++) r = op.combine(r, x[xo + i]);
        return r;
    }

    /** {@code o[oo+j] = reduce over r < rows of x[xo + r*stride + j]} for j < n, rows > 0. */
    static void columnsF32(ReduceOp op, float[] x, int xo, int rows, int stride, int n, float[] o, int oo) {
        if (op != ReduceOp.SUM) {
            System.arraycopy(x, xo, o, oo, n);
            for (int r = 1; r < rows; r++) combineRowF32(op, x, xo + r * stride, o, oo, n);
            return;
        }
        double[] total = new double[n];
        float[] block = new float[n];
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            int r1 = Math.min(rows, r0 + BLOCK);
            System.arraycopy(x, xo + r0 * stride, block, 0, n);
            for (int r = r0 + 1; r < r1; r++) combineRowF32(op, x, xo + r * stride, block, 0, n);
            for (int j = 0; j < n; j++) total[j] += block[j];
        }
        for (int j = 0; j < n; j++) o[oo + j] = (float) total[j];
    }

    private static void combineRowF32(ReduceOp op, float[] x, int xo, float[] o, int oo, int n) {
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            combine(op, FloatVector.fromArray(FS, o, oo + i), FloatVector.fromArray(FS, x, xo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = switch (op) {
            case SUM -> o[oo + i] + x[xo + i];
            case MAX -> Math.max(o[oo + i], x[xo + i]);
            default -> Math.min(o[oo + i], x[xo + i]);
        };
    }

    static void columnsF64(ReduceOp op, double[] x, int xo, int rows, int stride, int n, double[] o, int oo) {
        System.arraycopy(x, xo, o, oo, n);
        for (int r = 1; r < rows; r++) {
            int ro = xo + r * stride, i = 0;
            for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
                combine(op, DoubleVector.fromArray(DS, o, oo + i), DoubleVector.fromArray(DS, x, ro + i)).intoArray(o, oo + i);
            }
            for (; i < n; i++) o[oo + i] = op.combine(o[oo + i], x[ro + i]);
        }
    }

    private static FloatVector combine(ReduceOp op, FloatVector acc, FloatVector v) {
        return switch (op) {
            case SUM -> acc.add(v);
            case MAX -> acc.max(v);
            default -> acc.min(v);
        };
    }

    private static DoubleVector combine(ReduceOp op, DoubleVector acc, DoubleVector v) {
        return switch (op) {
            case SUM -> acc.add(v);
            case MAX -> acc.max(v);
            default -> acc.min(v);
        };
    }
}
