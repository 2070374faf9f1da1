package io.jgrad.backend;

import io.jgrad.Shape;

/**
 * Plain double-precision loops over the channels of [N, C, ...] arrays (channel axis 1, everything after it one
 * "plane" of {@code rest} values): the {@link ReferenceBackend}'s batch-normalization ops, and the oracle that the
 * {@link Backend} defaults and the fast kernels are tested against. Sums run in double whatever the storage type.
 * Used by the reference backend only.
 */
final class ReferenceChannelLoops {
    private ReferenceChannelLoops() {}

    /** [n, c, rest] of a shape of rank >= 2. */
    static int[] planes(Shape shape) {
        if (shape.rank() < 2) throw new IllegalArgumentException("channel op: expected a shape [N, C, ...], got " + shape);
        int rest = 1;
        for (int i = 2; i < shape.rank(); i++) rest *= shape.dim(i);
        return new int[] {shape.dim(0), shape.dim(1), rest};
    }

    /** [2 * C]: each channel's mean, then each channel's biased variance (two passes: sum, then squared deviations). */
    static double[] moments(double[] x, int n, int c, int rest) {
        double[] out = new double[2 * c];
        double count = (double) n * rest;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0, at = (b * c + ch) * rest; i < rest; i++) sum += x[at + i];
            }
            double mean = sum / count, squares = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0, at = (b * c + ch) * rest; i < rest; i++) squares += (x[at + i] - mean) * (x[at + i] - mean);
            }
            out[ch] = mean;
            out[c + ch] = squares / count;
        }
        return out;
    }

    /** [2 * C]: each channel's sum of g, then its sum of g * (x - center[ch]). */
    static double[] gradSums(double[] g, double[] x, double[] center, int n, int c, int rest) {
        double[] out = new double[2 * c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0, dot = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0, at = (b * c + ch) * rest; i < rest; i++) {
                    sum += g[at + i];
                    dot += g[at + i] * (x[at + i] - center[ch]);
                }
            }
            out[ch] = sum;
            out[c + ch] = dot;
        }
        return out;
    }

    /** {@code a[ch] * u + b[ch] * v + shift[ch]} elementwise; v (and b) may be null. */
    static double[] affine(double[] u, double[] a, double[] v, double[] b, double[] shift, int n, int c, int rest) {
        double[] out = new double[u.length];
        for (int bi = 0; bi < n; bi++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0, at = (bi * c + ch) * rest; i < rest; i++) {
                    double y = a[ch] * u[at + i] + shift[ch];
                    out[at + i] = v == null ? y : y + b[ch] * v[at + i];
                }
            }
        }
        return out;
    }
}
