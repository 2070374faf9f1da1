package io.jgrad.cpu;

import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise functions of two arguments on stretches where each input has stride 1 (a run of elements) or 0 (one
 * broadcast element): the bias-add and scalar cases reuse the contiguous loop with a broadcast vector.
 */
final class BinaryKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private BinaryKernels() {}

    /** {@code o[oo+i] = x[xo+i*xs] op y[yo+i*ys]}, with xs and ys each 0 or 1. */
    static void f32(BinaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, float[] o, int oo, int n) {
        if (op == BinaryOp.POW) {
            // Math.pow rounded to float, as the reference: the vector POW gives C's pow(1, NaN) = 1 where it is an
            // intrinsic and Java's NaN where it is not, so its results changed with the JIT tier.
            for (int i = 0; i < n; i++) o[oo + i] = (float) Math.pow(x[xo + i * xs], y[yo + i * ys]);
            return;
        }
        int i = 0, bound = FS.loopBound(n), step = FS.length();
        // One loop per op, the op's vector call written in it: a helper taking or returning vectors would have them
        // boxed wherever C2 does not inline it, and it declines to once the helper has large compiled code of its own,
        // which depends on the order methods got hot (some transformer-train runs allocated 56 MB of boxes a step).
        switch (op) {
            case ADD -> {
                for (; i < bound; i += step) lanes(x, xo, xs, i).add(lanes(y, yo, ys, i)).intoArray(o, oo + i);
            }
            case SUB -> {
                for (; i < bound; i += step) lanes(x, xo, xs, i).sub(lanes(y, yo, ys, i)).intoArray(o, oo + i);
            }
            case MUL -> {
                for (; i < bound; i += step) lanes(x, xo, xs, i).mul(lanes(y, yo, ys, i)).intoArray(o, oo + i);
            }
            case DIV -> {
                for (; i < bound; i += step) lanes(x, xo, xs, i).div(lanes(y, yo, ys, i)).intoArray(o, oo + i);
            }
            case MINIMUM -> {
                for (; i < bound; i += step) lanes(x, xo, xs, i).min(lanes(y, yo, ys, i)).intoArray(o, oo + i);
            }
            case MAXIMUM -> {
                for (; i < bound; i += step) lanes(x, xo, xs, i).max(lanes(y, yo, ys, i)).intoArray(o, oo + i);
            }
            case POW -> throw new AssertionError("POW runs Math.pow");
        }
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector a = xs == 0 ? FloatVector.broadcast(FS, x[xo]) : Tails.load(FS, x, xo + i, m);
            FloatVector b = ys == 0 ? FloatVector.broadcast(FS, y[yo]) : Tails.load(FS, y, yo + i, m);
            Tails.store(apply(op, a, b), o, oo + i, m);
        }
    }

    /**
     * Lanes i .. of a run starting at {@code at} (stride 1), or its one element broadcast (stride 0): two intrinsics,
     * small enough that C2 always inlines it.
     */
    private static FloatVector lanes(float[] a, int at, int stride, int i) {
        return stride == 0 ? FloatVector.broadcast(FS, a[at]) : FloatVector.fromArray(FS, a, at + i);
    }

    /** The tail's op (once a call: a box there would cost little). */
    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> throw new AssertionError("POW runs Math.pow");
            case MINIMUM -> a.min(b);
            case MAXIMUM -> a.max(b);
        };
    }

    static void f64(BinaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, double[] o, int oo, int n) {
        if (op == BinaryOp.POW) {
            // Math.pow exactly, as the op is defined; the vector POW may differ in the last bit.
            for (int i = 0; i < n; i++) o[oo + i] = Math.pow(x[xo + i * xs], y[yo + i * ys]);
            return;
        }
        DoubleVector bx = DoubleVector.broadcast(DS, x[xo]), by = DoubleVector.broadcast(DS, y[yo]);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector a = xs == 0 ? bx : DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector b = ys == 0 ? by : DoubleVector.fromArray(DS, y, yo + i);
            apply(op, a, b).intoArray(o, oo + i);
        }
        if (i < n) {
            VectorMask<Double> m = DS.indexInRange(i, n);
            DoubleVector a = xs == 0 ? bx : Tails.load(DS, x, xo + i, m);
            DoubleVector b = ys == 0 ? by : Tails.load(DS, y, yo + i, m);
            Tails.store(apply(op, a, b), o, oo + i, m);
        }
    }

    private static DoubleVector apply(BinaryOp op, DoubleVector a, DoubleVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> throw new AssertionError("POW runs Math.pow");
            case MINIMUM -> a.min(b);
            case MAXIMUM -> a.max(b);
        };
    }

    /** The operator is a constant in each case, as the Vector API needs to compile it to one instruction. */
    private static VectorMask<Float> test(CompareOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case EQ -> a.compare(VectorOperators.EQ, b);
            case NE -> a.compare(VectorOperators.NE, b);
            case LT -> a.compare(VectorOperators.LT, b);
            case LE -> a.compare(VectorOperators.LE, b);
            case GT -> a.compare(VectorOperators.GT, b);
            case GE -> a.compare(VectorOperators.GE, b);
        };
    }

    private static VectorMask<Double> test(CompareOp op, DoubleVector a, DoubleVector b) {
        return switch (op) {
            case EQ -> a.compare(VectorOperators.EQ, b);
            case NE -> a.compare(VectorOperators.NE, b);
            case LT -> a.compare(VectorOperators.LT, b);
            case LE -> a.compare(VectorOperators.LE, b);
            case GT -> a.compare(VectorOperators.GT, b);
            case GE -> a.compare(VectorOperators.GE, b);
        };
    }

    /** {@code o[oo+i] = x[..] op y[..]} as booleans; strides as in {@link #f32}. */
    static void compareF32(CompareOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, boolean[] o, int oo, int n) {
        FloatVector bx = FloatVector.broadcast(FS, x[xo]), by = FloatVector.broadcast(FS, y[yo]);
        int i = 0;
        for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
            FloatVector a = xs == 0 ? bx : FloatVector.fromArray(FS, x, xo + i);
            FloatVector b = ys == 0 ? by : FloatVector.fromArray(FS, y, yo + i);
            test(op, a, b).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = op.test(x[xo + i * xs], y[yo + i * ys]);
    }

    static void compareF64(CompareOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, boolean[] o, int oo, int n) {
        DoubleVector bx = DoubleVector.broadcast(DS, x[xo]), by = DoubleVector.broadcast(DS, y[yo]);
        int i = 0;
        for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
            DoubleVector a = xs == 0 ? bx : DoubleVector.fromArray(DS, x, xo + i);
            DoubleVector b = ys == 0 ? by : DoubleVector.fromArray(DS, y, yo + i);
            test(op, a, b).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = op.test(x[xo + i * xs], y[yo + i * ys]);
    }

    /** {@code o = c ? x : y} where every input has stride 0 or 1. */
    static void whereF32(boolean[] c, int co, int cs, float[] x, int xo, int xs, float[] y, int yo, int ys, float[] o, int oo, int n) {
        int i = 0;
        if (cs == 1 && xs == 1 && ys == 1) {
            for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
                VectorMask<Float> pick = VectorMask.fromArray(FS, c, co + i);
                FloatVector.fromArray(FS, y, yo + i).blend(FloatVector.fromArray(FS, x, xo + i), pick).intoArray(o, oo + i);
            }
        } else if (cs == 1 && xs == 0 && ys == 1 && n > 0) {
            // A scalar where the condition holds (maskedFill, ReLU's gradient): one broadcast vector.
            FloatVector fill = FloatVector.broadcast(FS, x[xo]);
            for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
                VectorMask<Float> pick = VectorMask.fromArray(FS, c, co + i);
                FloatVector.fromArray(FS, y, yo + i).blend(fill, pick).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = c[co + i * cs] ? x[xo + i * xs] : y[yo + i * ys];
    }

    static void whereF64(boolean[] c, int co, int cs, double[] x, int xo, int xs, double[] y, int yo, int ys, double[] o, int oo, int n) {
        int i = 0;
        if (cs == 1 && xs == 1 && ys == 1) {
            for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
                VectorMask<Double> pick = VectorMask.fromArray(DS, c, co + i);
                DoubleVector.fromArray(DS, y, yo + i).blend(DoubleVector.fromArray(DS, x, xo + i), pick).intoArray(o, oo + i);
            }
        } else if (cs == 1 && xs == 0 && ys == 1 && n > 0) {
            // A scalar where the condition holds (maskedFill, ReLU's gradient): one broadcast vector.
            DoubleVector fill = DoubleVector.broadcast(DS, x[xo]);
            for (int bound = DS.loopBound(n); i < bound; i += DS.length()) {
                VectorMask<Double> pick = VectorMask.fromArray(DS, c, co + i);
                DoubleVector.fromArray(DS, y, yo + i).blend(fill, pick).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = c[co + i * cs] ? x[xo + i * xs] : y[yo + i * ys];
    }
}
