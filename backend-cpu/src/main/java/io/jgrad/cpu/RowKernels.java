package io.jgrad.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Per-row ops along a contiguous last axis: softmax, log-softmax and arg max/min. */
final class RowKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private RowKernels() {}

    /** Softmax (or log-softmax) of {@code x[xo .. xo+n)} into {@code o[oo ..]}, shifting by the row maximum. */
    static void softmaxF32(float[] x, int xo, float[] o, int oo, int n, boolean log) {
        float max = (float) ReduceKernels.rowF32(io.jgrad.backend.ReduceOp.MAX, x, xo, n);
        if (max == Float.NEGATIVE_INFINITY) max = 0; // an all -inf row: as the reference, shift by 0
        FloatVector vmax = FloatVector.broadcast(FS, max);
        FloatVector acc = FloatVector.zero(FS);
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector e = FloatExp.exp(FloatVector.fromArray(FS, x, xo + i).sub(vmax));
            if (!log) e.intoArray(o, oo + i);
            acc = acc.add(e);
        }
        if (i < n) {
            VectorMask<Float> m = FS.indexInRange(i, n);
            FloatVector e = FloatExp.exp(Tails.load(FS, x, xo + i, m).sub(vmax));
            if (!log) Tails.store(e, o, oo + i, m);
            acc = acc.add(e, m);
        }
        float sum = (float) Lanes.sum(acc);
        if (log) {
            // (x - max) - log(sum), not x - (max + log(sum)): with large logits the one rounded shift max + log(sum)
            // loses log(sum)'s low bits (1e-3 of error at x ~ 1e5), while x - max is exact for the entries that matter.
            FloatVector logSum = FloatVector.broadcast(FS, (float) Math.log(sum));
            for (i = 0; i < bound; i += FS.length()) {
                FloatVector.fromArray(FS, x, xo + i).sub(vmax).sub(logSum).intoArray(o, oo + i);
            }
            if (i < n) {
                VectorMask<Float> m = FS.indexInRange(i, n);
                Tails.store(Tails.load(FS, x, xo + i, m).sub(vmax).sub(logSum), o, oo + i, m);
            }
        } else {
            FloatVector scale = FloatVector.broadcast(FS, 1f / sum);
            for (i = 0; i < bound; i += FS.length()) FloatVector.fromArray(FS, o, oo + i).mul(scale).intoArray(o, oo + i);
            for (; i < n; i++) o[oo + i] /= sum;
        }
    }

    static void softmaxF64(double[] x, int xo, double[] o, int oo, int n, boolean log) {
        double max = ReduceKernels.rowF64(io.jgrad.backend.ReduceOp.MAX, x, xo, n);
        if (max == Double.NEGATIVE_INFINITY) max = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[xo + i] - max);
            if (!log) o[oo + i] = e;
            sum += e;
        }
        if (log) {
            double logSum = Math.log(sum);
            for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] - max - logSum;
        } else {
            for (int i = 0; i < n; i++) o[oo + i] /= sum;
        }
    }

    /** Index of the first maximum (or minimum); a NaN counts as the maximum, so the first NaN wins. */
    static int argF32(boolean max, float[] x, int xo, int n) {
        float best = (float) ReduceKernels.rowF32(max ? io.jgrad.backend.ReduceOp.MAX : io.jgrad.backend.ReduceOp.MIN, x, xo, n);
        if (Float.isNaN(best)) {
            for (int i = 0; i < n; i++) if (Float.isNaN(x[xo + i])) return i;
        }
        for (int i = 0; i < n; i++) if (x[xo + i] == best) return i;
        return 0;
    }

    static int argF64(boolean max, double[] x, int xo, int n) {
        double best = ReduceKernels.rowF64(max ? io.jgrad.backend.ReduceOp.MAX : io.jgrad.backend.ReduceOp.MIN, x, xo, n);
        if (Double.isNaN(best)) {
            for (int i = 0; i < n; i++) if (Double.isNaN(x[xo + i])) return i;
        }
        for (int i = 0; i < n; i++) if (x[xo + i] == best) return i;
        return 0;
    }
}
