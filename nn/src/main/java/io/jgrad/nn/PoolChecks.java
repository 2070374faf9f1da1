package io.jgrad.nn;

import io.jgrad.Pool2dOptions;

/** Hyperparameter checks shared by the pooling layers, so a bad value fails when the layer is built, naming it. */
final class PoolChecks {
    private PoolChecks() {}

    static Pool2dOptions kernel(String layer, int k) { return Pool2dOptions.kernel(positive(layer, "kernel size", k)); }

    static int positive(String layer, String what, int v) {
        if (v <= 0) throw new IllegalArgumentException(layer + ": " + what + " must be positive, got " + v);
        return v;
    }

    static int padding(String layer, int p, int kernel) {
        if (p < 0 || p > kernel / 2) {
            throw new IllegalArgumentException(layer + ": padding must be between 0 and half the kernel size " + kernel + ", got " + p);
        }
        return p;
    }
}
