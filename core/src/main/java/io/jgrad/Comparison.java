package io.jgrad;

/** Tolerance comparisons of whole tensors. */
final class Comparison {
    private Comparison() {}

    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        if (!a.shape().equals(b.shape())) return false;
        if (!a.dtype().isFloating() && !b.dtype().isFloating()) {
            long[] x = a.toLongArray(), y = b.toLongArray();
            for (int i = 0; i < x.length; i++) if (Math.abs(x[i] - y[i]) > atol + rtol * Math.abs(y[i])) return false;
            return true;
        }
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                if (Double.isNaN(x[i]) != Double.isNaN(y[i])) return false;
            } else if (Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                // An infinite tolerance (rtol * inf) must not make +inf close to -inf or to a finite value.
                if (x[i] != y[i]) return false;
            } else if (x[i] != y[i] && !(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) {
                return false;
            }
        }
        return true;
    }
}
