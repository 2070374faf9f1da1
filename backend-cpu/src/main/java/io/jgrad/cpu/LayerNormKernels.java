package io.jgrad.cpu;

import io.jgrad.cpu.threads.Parallel;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalization over the rows of contiguous [M, N] arrays (see {@code Backend.layerNorm} and
 * {@code layerNormBackward}), split over the cores by rows. Forward: one pass for the row's mean, one for its squared
 * deviations (no {@code E[x^2] - E[x]^2} cancellation), one to write y; lane sums are added in double. Backward: one
 * pass for the row's two sums (and the parameter gradients' partial sums), one to write dx. The parameter gradients
 * sum over rows in blocks of {@link #ROW_BLOCK} rows, then the blocks in order, so their bits depend on M alone, not
 * on the thread count; the block sums live in the calling thread's scratch, kept between calls.
 */
final class LayerNormKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Rows per partial sum of dweight and dbias. */
    static final int ROW_BLOCK = 64;

    /** The calling thread's block sums: [blocks][dweight N, dbias N]; contents are garbage on entry. */
    private static final class Scratch {
        float[] floats = new float[0];
        double[] doubles = new double[0];

        float[] floats(int n) { return floats.length >= n ? floats : (floats = new float[n]); }

        double[] doubles(int n) { return doubles.length >= n ? doubles : (doubles = new double[n]); }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private LayerNormKernels() {}

    // ---- F32 ----------------------------------------------------------------------------------------------------

    /** y [M, N], mean and rstd [M] from x at xo; w and b (at wo, bo) may be null. */
    static void forwardF32(float[] x, int xo, float[] w, int wo, float[] b, int bo, double eps, int m, int n,
                           float[] y, float[] mean, float[] rstd) {
        int bound = FS.loopBound(n);
        Parallel.forRange(m, 3L * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int at = xo + r * n, out = r * n, i;
                FloatVector acc = FloatVector.zero(FS);
                for (i = 0; i < bound; i += FS.length()) acc = acc.add(FloatVector.fromArray(FS, x, at + i));
                double sum = Lanes.sum(acc);
                for (; i < n; i++) sum += x[at + i];
                float mu = (float) (sum / n);
                FloatVector mv = FloatVector.broadcast(FS, mu);
                acc = FloatVector.zero(FS);
                for (i = 0; i < bound; i += FS.length()) {
                    FloatVector d = FloatVector.fromArray(FS, x, at + i).sub(mv);
                    acc = d.fma(d, acc);
                }
                double squares = Lanes.sum(acc);
                for (; i < n; i++) squares += (double) (x[at + i] - mu) * (x[at + i] - mu);
                float rs = (float) (1 / Math.sqrt(squares / n + eps));
                FloatVector rv = FloatVector.broadcast(FS, rs);
                for (i = 0; i < bound; i += FS.length()) {
                    FloatVector v = FloatVector.fromArray(FS, x, at + i).sub(mv).mul(rv);
                    if (w != null) v = v.mul(FloatVector.fromArray(FS, w, wo + i));
                    if (b != null) v = v.add(FloatVector.fromArray(FS, b, bo + i));
                    v.intoArray(y, out + i);
                }
                for (; i < n; i++) {
                    float v = (x[at + i] - mu) * rs;
                    if (w != null) v *= w[wo + i];
                    if (b != null) v += b[bo + i];
                    y[out + i] = v;
                }
                mean[r] = mu;
                rstd[r] = rs;
            }
        });
    }

    /**
     * dx [M, N] from g (at go), x (at xo), the row statistics (at mo, ro) and w (at wo, or null); dw and db [N] when
     * not null.
     */
    static void backwardF32(float[] g, int go, float[] x, int xo, float[] mean, int mo, float[] rstd, int ro,
                            float[] w, int wo, int m, int n, float[] dx, float[] dw, float[] db) {
        if (m == 0) return; // the parameter gradients stay zero
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK, width = 2 * n;
        float[] partial = dw != null || db != null ? SCRATCH.get().floats(blocks * width) : null;
        Parallel.forRange(blocks, 4L * ROW_BLOCK * n, (from, to) -> {
            for (int block = from; block < to; block++) {
                if (partial != null) Arrays.fill(partial, block * width, (block + 1) * width, 0f);
                for (int r = block * ROW_BLOCK, end = Math.min(m, r + ROW_BLOCK); r < end; r++) {
                    rowBackwardF32(g, go + r * n, x, xo + r * n, mean[mo + r], rstd[ro + r], w, wo, n, dx, r * n,
                            partial, block * width);
                }
            }
        });
        if (partial == null) return;
        if (dw != null) blockSumsF32(partial, 0, blocks, width, n, dw);
        if (db != null) blockSumsF32(partial, n, blocks, width, n, db);
    }

    /** One row: its sums of gw and gw * xhat (gw = g w), adding g xhat and g to the block's sums, then dx. */
    private static void rowBackwardF32(float[] g, int ga, float[] x, int xa, float mu, float rs, float[] w, int wo,
                                       int n, float[] dx, int da, float[] partial, int pa) {
        FloatVector mv = FloatVector.broadcast(FS, mu), rv = FloatVector.broadcast(FS, rs);
        FloatVector sumGw = FloatVector.zero(FS), sumGwXhat = FloatVector.zero(FS);
        int bound = FS.loopBound(n), i;
        for (i = 0; i < bound; i += FS.length()) {
            FloatVector gv = FloatVector.fromArray(FS, g, ga + i);
            FloatVector xhat = FloatVector.fromArray(FS, x, xa + i).sub(mv).mul(rv);
            if (partial != null) {
                gv.fma(xhat, FloatVector.fromArray(FS, partial, pa + i)).intoArray(partial, pa + i);
                gv.add(FloatVector.fromArray(FS, partial, pa + n + i)).intoArray(partial, pa + n + i);
            }
            FloatVector gw = w == null ? gv : gv.mul(FloatVector.fromArray(FS, w, wo + i));
            sumGw = sumGw.add(gw);
            sumGwXhat = gw.fma(xhat, sumGwXhat);
        }
        double a = Lanes.sum(sumGw), c = Lanes.sum(sumGwXhat);
        for (int j = i; j < n; j++) {
            float gv = g[ga + j], xhat = (x[xa + j] - mu) * rs, gw = w == null ? gv : gv * w[wo + j];
            if (partial != null) {
                partial[pa + j] += gv * xhat;
                partial[pa + n + j] += gv;
            }
            a += gw;
            c += (double) gw * xhat;
        }
        float meanGw = (float) (a / n), meanGwXhat = (float) (c / n);
        FloatVector av = FloatVector.broadcast(FS, meanGw), cv = FloatVector.broadcast(FS, meanGwXhat);
        for (i = 0; i < bound; i += FS.length()) {
            FloatVector gw = FloatVector.fromArray(FS, g, ga + i);
            if (w != null) gw = gw.mul(FloatVector.fromArray(FS, w, wo + i));
            FloatVector xhat = FloatVector.fromArray(FS, x, xa + i).sub(mv).mul(rv);
            gw.sub(av).sub(xhat.mul(cv)).mul(rv).intoArray(dx, da + i);
        }
        for (; i < n; i++) {
            float gw = w == null ? g[ga + i] : g[ga + i] * w[wo + i], xhat = (x[xa + i] - mu) * rs;
            dx[da + i] = (gw - meanGw - xhat * meanGwXhat) * rs;
        }
    }

    /** out[j] = the sum over blocks, in order, of partial[block * width + at + j], for j in [0, n). */
    private static void blockSumsF32(float[] partial, int at, int blocks, int width, int n, float[] out) {
        int bound = FS.loopBound(n), j;
        for (j = 0; j < bound; j += FS.length()) {
            FloatVector acc = FloatVector.fromArray(FS, partial, at + j);
            for (int k = 1; k < blocks; k++) acc = acc.add(FloatVector.fromArray(FS, partial, k * width + at + j));
            acc.intoArray(out, j);
        }
        for (; j < n; j++) {
            float acc = partial[at + j];
            for (int k = 1; k < blocks; k++) acc += partial[k * width + at + j];
            out[j] = acc;
        }
    }

    // ---- F64: the same passes in double vectors -----------------------------------------------------------------

    static void forwardF64(double[] x, int xo, double[] w, int wo, double[] b, int bo, double eps, int m, int n,
                           double[] y, double[] mean, double[] rstd) {
        int bound = DS.loopBound(n);
        Parallel.forRange(m, 3L * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int at = xo + r * n, out = r * n, i;
                DoubleVector acc = DoubleVector.zero(DS);
                for (i = 0; i < bound; i += DS.length()) acc = acc.add(DoubleVector.fromArray(DS, x, at + i));
                double sum = Lanes.sum(acc);
                for (; i < n; i++) sum += x[at + i];
                double mu = sum / n;
                DoubleVector mv = DoubleVector.broadcast(DS, mu);
                acc = DoubleVector.zero(DS);
                for (i = 0; i < bound; i += DS.length()) {
                    DoubleVector d = DoubleVector.fromArray(DS, x, at + i).sub(mv);
                    acc = d.fma(d, acc);
                }
                double squares = Lanes.sum(acc);
                for (; i < n; i++) squares += (x[at + i] - mu) * (x[at + i] - mu);
                double rs = 1 / Math.sqrt(squares / n + eps);
                DoubleVector rv = DoubleVector.broadcast(DS, rs);
                for (i = 0; i < bound; i += DS.length()) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, at + i).sub(mv).mul(rv);
                    if (w != null) v = v.mul(DoubleVector.fromArray(DS, w, wo + i));
                    if (b != null) v = v.add(DoubleVector.fromArray(DS, b, bo + i));
                    v.intoArray(y, out + i);
                }
                for (; i < n; i++) {
                    double v = (x[at + i] - mu) * rs;
                    if (w != null) v *= w[wo + i];
                    if (b != null) v += b[bo + i];
                    y[out + i] = v;
                }
                mean[r] = mu;
                rstd[r] = rs;
            }
        });
    }

    static void backwardF64(double[] g, int go, double[] x, int xo, double[] mean, int mo, double[] rstd, int ro,
                            double[] w, int wo, int m, int n, double[] dx, double[] dw, double[] db) {
        if (m == 0) return; // the parameter gradients stay zero
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK, width = 2 * n;
        double[] partial = dw != null || db != null ? SCRATCH.get().doubles(blocks * width) : null;
        Parallel.forRange(blocks, 4L * ROW_BLOCK * n, (from, to) -> {
            for (int block = from; block < to; block++) {
                if (partial != null) Arrays.fill(partial, block * width, (block + 1) * width, 0);
                for (int r = block * ROW_BLOCK, end = Math.min(m, r + ROW_BLOCK); r < end; r++) {
                    rowBackwardF64(g, go + r * n, x, xo + r * n, mean[mo + r], rstd[ro + r], w, wo, n, dx, r * n,
                            partial, block * width);
                }
            }
        });
        if (partial == null) return;
        if (dw != null) blockSumsF64(partial, 0, blocks, width, n, dw);
        if (db != null) blockSumsF64(partial, n, blocks, width, n, db);
    }

    private static void rowBackwardF64(double[] g, int ga, double[] x, int xa, double mu, double rs, double[] w,
                                       int wo, int n, double[] dx, int da, double[] partial, int pa) {
        DoubleVector mv = DoubleVector.broadcast(DS, mu), rv = DoubleVector.broadcast(DS, rs);
        DoubleVector sumGw = DoubleVector.zero(DS), sumGwXhat = DoubleVector.zero(DS);
        int bound = DS.loopBound(n), i;
        for (i = 0; i < bound; i += DS.length()) {
            DoubleVector gv = DoubleVector.fromArray(DS, g, ga + i);
            DoubleVector xhat = DoubleVector.fromArray(DS, x, xa + i).sub(mv).mul(rv);
            if (partial != null) {
                gv.fma(xhat, DoubleVector.fromArray(DS, partial, pa + i)).intoArray(partial, pa + i);
                gv.add(DoubleVector.fromArray(DS, partial, pa + n + i)).intoArray(partial, pa + n + i);
            }
            DoubleVector gw = w == null ? gv : gv.mul(DoubleVector.fromArray(DS, w, wo + i));
            sumGw = sumGw.add(gw);
            sumGwXhat = gw.fma(xhat, sumGwXhat);
        }
        double a = Lanes.sum(sumGw), c = Lanes.sum(sumGwXhat);
        for (int j = i; j < n; j++) {
            double gv = g[ga + j], xhat = (x[xa + j] - mu) * rs, gw = w == null ? gv : gv * w[wo + j];
            if (partial != null) {
                partial[pa + j] += gv * xhat;
                partial[pa + n + j] += gv;
            }
            a += gw;
            c += gw * xhat;
        }
        double meanGw = a / n, meanGwXhat = c / n;
        DoubleVector av = DoubleVector.broadcast(DS, meanGw), cv = DoubleVector.broadcast(DS, meanGwXhat);
        for (i = 0; i < bound; i += DS.length()) {
            DoubleVector gw = DoubleVector.fromArray(DS, g, ga + i);
            if (w != null) gw = gw.mul(DoubleVector.fromArray(DS, w, wo + i));
            DoubleVector xhat = DoubleVector.fromArray(DS, x, xa + i).sub(mv).mul(rv);
            gw.sub(av).sub(xhat.mul(cv)).mul(rv).intoArray(dx, da + i);
        }
        for (; i < n; i++) {
            double gw = w == null ? g[ga + i] : g[ga + i] * w[wo + i], xhat = (x[xa + i] - mu) * rs;
            dx[da + i] = (gw - meanGw - xhat * meanGwXhat) * rs;
        }
    }

    private static void blockSumsF64(double[] partial, int at, int blocks, int width, int n, double[] out) {
        int bound = DS.loopBound(n), j;
        for (j = 0; j < bound; j += DS.length()) {
            DoubleVector acc = DoubleVector.fromArray(DS, partial, at + j);
            for (int k = 1; k < blocks; k++) acc = acc.add(DoubleVector.fromArray(DS, partial, k * width + at + j));
            acc.intoArray(out, j);
        }
        for (; j < n; j++) {
            double acc = partial[at + j];
            for (int k = 1; k < blocks; k++) acc += partial[k * width + at + j];
            out[j] = acc;
        }
    }
}
