package io.jgrad.cpu;

import io.jgrad.cpu.threads.Parallel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 batch-normalization kernels on contiguous [N, C, rest] arrays (see {@code Backend.channelMoments},
 * {@code channelGradSums}, {@code channelAffine}). The reductions go channel by channel, split over the cores by
 * channel; each plane of {@code rest} values is summed in float vectors and the plane sums are added in double, so a
 * channel of millions of values keeps its precision. The affine map goes plane by plane.
 */
final class ChannelKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ChannelKernels() {}

    /** out[0..c) = per-channel means, out[c..2c) = biased variances (two passes: sum, squared deviations). */
    static void moments(float[] x, int xOff, int n, int c, int rest, float[] out) {
        double count = (double) n * rest;
        Parallel.forRange(c, 2L * n * rest, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double sum = 0;
                for (int b = 0; b < n; b++) sum += sum(x, xOff + (b * c + ch) * rest, rest);
                float mean = (float) (sum / count);
                double squares = 0;
                for (int b = 0; b < n; b++) squares += squaredDeviations(x, xOff + (b * c + ch) * rest, rest, mean);
                out[ch] = mean;
                out[c + ch] = (float) (squares / count);
            }
        });
    }

    /** out[0..c) = per-channel sums of g, out[c..2c) = sums of g * (x - center[ch]). */
    static void gradSums(float[] g, int gOff, float[] x, int xOff, float[] center, int centerOff, int n, int c, int rest, float[] out) {
        Parallel.forRange(c, 2L * n * rest, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double sum = 0, dot = 0;
                float m = center[centerOff + ch];
                for (int b = 0; b < n; b++) {
                    int at = (b * c + ch) * rest;
                    sum += sum(g, gOff + at, rest);
                    dot += dotCentered(g, gOff + at, x, xOff + at, rest, m);
                }
                out[ch] = (float) sum;
                out[c + ch] = (float) dot;
            }
        });
    }

    /** y = scale[ch] * u + vScale[ch] * v + shift[ch] per plane; v null means no second term. */
    static void affine(float[] u, int uOff, float[] scale, int scaleOff, float[] v, int vOff, float[] vScale, int vScaleOff,
                       float[] shift, int shiftOff, int n, int c, int rest, float[] y) {
        Parallel.forRange(n * c, rest, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, at = plane * rest;
                FloatVector a = FloatVector.broadcast(S, scale[scaleOff + ch]);
                FloatVector t = FloatVector.broadcast(S, shift[shiftOff + ch]);
                int i = 0, bound = S.loopBound(rest);
                if (v == null) {
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, u, uOff + at + i).fma(a, t).intoArray(y, at + i);
                    }
                    for (; i < rest; i++) y[at + i] = Math.fma(u[uOff + at + i], scale[scaleOff + ch], shift[shiftOff + ch]);
                } else {
                    float bs = vScale[vScaleOff + ch];
                    FloatVector b = FloatVector.broadcast(S, bs);
                    for (; i < bound; i += S.length()) {
                        FloatVector.fromArray(S, u, uOff + at + i).fma(a, FloatVector.fromArray(S, v, vOff + at + i).fma(b, t))
                                .intoArray(y, at + i);
                    }
                    for (; i < rest; i++) {
                        y[at + i] = Math.fma(u[uOff + at + i], scale[scaleOff + ch], Math.fma(v[vOff + at + i], bs, shift[shiftOff + ch]));
                    }
                }
            }
        });
    }

    private static double sum(float[] x, int off, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0, bound = S.loopBound(len);
        for (; i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, off + i));
        double s = Lanes.sum(acc);
        for (; i < len; i++) s += x[off + i];
        return s;
    }

    private static double squaredDeviations(float[] x, int off, int len, float mean) {
        FloatVector acc = FloatVector.zero(S), m = FloatVector.broadcast(S, mean);
        int i = 0, bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(m);
            acc = d.fma(d, acc);
        }
        double s = Lanes.sum(acc);
        for (; i < len; i++) s += (double) (x[off + i] - mean) * (x[off + i] - mean);
        return s;
    }

    private static double dotCentered(float[] g, int gOff, float[] x, int xOff, int len, float center) {
        FloatVector acc = FloatVector.zero(S), m = FloatVector.broadcast(S, center);
        int i = 0, bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, x, xOff + i).sub(m).fma(FloatVector.fromArray(S, g, gOff + i), acc);
        }
        double s = Lanes.sum(acc);
        for (; i < len; i++) s += (double) g[gOff + i] * (x[xOff + i] - center);
        return s;
    }
}
