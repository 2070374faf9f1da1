package io.jgrad.backend;

/**
 * Plain double-precision loops of layer normalization over the rows of dense [M, N] arrays: the
 * {@link ReferenceBackend}'s layer-norm ops, and the oracle that the {@link Backend} defaults and the fast kernels are
 * tested against. Used by the reference backend only.
 */
final class ReferenceLayerNormLoops {
    private ReferenceLayerNormLoops() {}

    /**
     * Writes y [M * N], mean [M] and rstd [M]: each row's mean, then its biased variance from the squared deviations
     * (two passes), {@code rstd = 1 / sqrt(var + eps)}, {@code y = (x - mean) rstd weight + bias}; weight and bias may
     * be null.
     */
    static void forward(double[] x, double[] weight, double[] bias, double eps, int m, int n,
                        double[] y, double[] mean, double[] rstd) {
        for (int r = 0; r < m; r++) {
            int at = r * n;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[at + i];
            double mu = sum / n, squares = 0;
            for (int i = 0; i < n; i++) squares += (x[at + i] - mu) * (x[at + i] - mu);
            double s = 1 / Math.sqrt(squares / n + eps);
            for (int i = 0; i < n; i++) {
                double v = (x[at + i] - mu) * s;
                if (weight != null) v *= weight[i];
                if (bias != null) v += bias[i];
                y[at + i] = v;
            }
            mean[r] = mu;
            rstd[r] = s;
        }
    }

    /**
     * Writes dx [M * N] and, when not null, dweight and dbias [N]: with {@code xhat = (x - mean) rstd} and
     * {@code gw = g weight}, {@code dx = rstd (gw - mean(gw) - xhat mean(gw xhat))},
     * {@code dweight = sum_rows(g xhat)}, {@code dbias = sum_rows(g)}.
     */
    static void backward(double[] g, double[] x, double[] mean, double[] rstd, double[] weight, int m, int n,
                         double[] dx, double[] dweight, double[] dbias) {
        for (int r = 0; r < m; r++) {
            int at = r * n;
            double sumGw = 0, sumGwXhat = 0;
            for (int i = 0; i < n; i++) {
                double xhat = (x[at + i] - mean[r]) * rstd[r], gw = weight == null ? g[at + i] : g[at + i] * weight[i];
                sumGw += gw;
                sumGwXhat += gw * xhat;
                if (dweight != null) dweight[i] += g[at + i] * xhat;
                if (dbias != null) dbias[i] += g[at + i];
            }
            for (int i = 0; i < n; i++) {
                double xhat = (x[at + i] - mean[r]) * rstd[r], gw = weight == null ? g[at + i] : g[at + i] * weight[i];
                dx[at + i] = rstd[r] * (gw - sumGw / n - xhat * sumGwXhat / n);
            }
        }
    }
}
