package io.jgrad.select.search;

import java.util.Arrays;

/**
 * A Gaussian process regression model with a zero prior mean and a Matérn 5/2 kernel with one length scale per
 * input coordinate, in double precision (Cholesky factorisation):
 * {@code k(a, b) = s² (1 + √5 r + 5r²/3) exp(-√5 r)}, {@code r² = Σ ((a_i - b_i) / l_i)²}, plus noise variance on
 * the diagonal. {@link #fit} chooses the hyperparameters by maximising the marginal likelihood times a prior on the
 * length scales; the Bayesian strategy feeds it standardised utilities of encoded configurations.
 */
final class GaussianProcess {
    private static final double SQRT5 = Math.sqrt(5);
    private static final double LOG_2PI = StrictMath.log(2 * Math.PI);
    /** The shape of each length scale's Gamma prior. */
    static final double LENGTH_SCALE_SHAPE = 3;
    /** The rate of each length scale's Gamma prior (per unit of the unit interval). */
    static final double LENGTH_SCALE_RATE = 6;

    private final double[][] x;
    private final double[] y;
    private final double[] lengthScales;
    private final double signalVariance;
    private final double noiseVariance;
    private final double[][] cholesky; // lower triangle of K + noise I
    private final double[] alpha;      // (K + noise I)^-1 y

    /** A posterior mean and variance at one point. */
    record Prediction(double mean, double variance) {
        double stddev() {
            return Math.sqrt(Math.max(variance, 0));
        }
    }

    /**
     * The process conditioned on observations {@code y} at points {@code x} with the given hyperparameters.
     *
     * @throws ArithmeticException if the kernel matrix is not numerically positive definite
     */
    GaussianProcess(double[][] x, double[] y, double[] lengthScales, double signalVariance, double noiseVariance) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("GP: " + x.length + " points but " + y.length + " values");
        }
        this.x = x;
        this.y = y;
        this.lengthScales = lengthScales.clone();
        this.signalVariance = signalVariance;
        this.noiseVariance = noiseVariance;
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                k[i][j] = kernel(x[i], x[j]) + (i == j ? noiseVariance : 0);
            }
        }
        this.cholesky = cholesky(k);
        this.alpha = backSubstitute(cholesky, forwardSubstitute(cholesky, y));
    }

    /**
     * The process with the most probable hyperparameters: those that maximise the log marginal likelihood plus a
     * Gamma(3, 6) log prior on each length scale ({@link #logPosterior()}), found by a grid over a shared length
     * scale and the noise-to-signal ratio, the signal variance in closed form for each, then coordinate-wise
     * refinement of each dimension's length scale (a few sweeps of multiplicative steps).
     */
    static GaussianProcess fit(double[][] x, double[] y) {
        int d = x[0].length;
        GaussianProcess best = null;
        for (double scale : new double[] {0.05, 0.08, 0.12, 0.18, 0.27, 0.4, 0.6, 0.9, 1.35, 2.0, 3.0}) {
            for (double noiseRatio : new double[] {1e-6, 1e-4, 1e-3, 1e-2, 1e-1}) {
                double[] scales = new double[d];
                Arrays.fill(scales, scale);
                best = better(best, profiled(x, y, scales, noiseRatio));
            }
        }
        if (best == null) {
            throw new ArithmeticException("GP: no hyperparameters gave a positive definite kernel matrix");
        }
        double noiseRatio = best.noiseVariance / best.signalVariance;
        for (int sweep = 0; sweep < 3; sweep++) {
            for (int i = 0; i < d; i++) {
                for (double factor : new double[] {0.5, 0.7, 1.4, 2.0}) {
                    double[] scales = best.lengthScales.clone();
                    scales[i] = Math.clamp(scales[i] * factor, 0.01, 20.0);
                    best = better(best, profiled(x, y, scales, noiseRatio));
                }
            }
        }
        return best;
    }

    /**
     * The log marginal likelihood plus the log prior of the length scales (up to a constant): each
     * Gamma({@value #LENGTH_SCALE_SHAPE}, {@value #LENGTH_SCALE_RATE}), mean 0.5 and mode 1/3 of the unit interval
     * (BoTorch's default for inputs scaled to it). Without it a few points can stretch a length scale far beyond the
     * range, and the process then extrapolates a trend to the range's ends: over a parameter with three ordered
     * values the search kept proposing the smallest and the largest and hardly the middle one.
     */
    double logPosterior() {
        double logPrior = 0;
        for (double l : lengthScales) {
            logPrior += (LENGTH_SCALE_SHAPE - 1) * StrictMath.log(l) - LENGTH_SCALE_RATE * l;
        }
        return logMarginalLikelihood() + logPrior;
    }

    private static GaussianProcess better(GaussianProcess a, GaussianProcess b) {
        if (b == null) {
            return a;
        }
        return a == null || b.logPosterior() > a.logPosterior() ? b : a;
    }

    /**
     * The process with these length scales and noise ratio and the signal variance that maximises the likelihood
     * for them ({@code yᵀ C⁻¹ y / n} with {@code C} the unit-variance kernel matrix), or null if not positive
     * definite.
     */
    private static GaussianProcess profiled(double[][] x, double[] y, double[] scales, double noiseRatio) {
        try {
            GaussianProcess unit = new GaussianProcess(x, y, scales, 1.0, noiseRatio);
            double quadratic = 0;
            for (int i = 0; i < y.length; i++) {
                quadratic += y[i] * unit.alpha[i];
            }
            double signal = Math.max(quadratic / y.length, 1e-12);
            return new GaussianProcess(x, y, scales, signal, noiseRatio * signal);
        } catch (ArithmeticException notPositiveDefinite) {
            return null;
        }
    }

    /** {@code log p(y | x, hyperparameters) = -½ yᵀα - Σ log L_ii - n/2 log 2π}. */
    double logMarginalLikelihood() {
        double quadratic = 0;
        double logDet = 0;
        for (int i = 0; i < y.length; i++) {
            quadratic += y[i] * alpha[i];
            logDet += StrictMath.log(cholesky[i][i]);
        }
        return -0.5 * quadratic - logDet - 0.5 * y.length * LOG_2PI;
    }

    /** The posterior mean and variance (of the latent function, without noise) at {@code point}. */
    Prediction predict(double[] point) {
        int n = x.length;
        double[] kStar = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            kStar[i] = kernel(point, x[i]);
            mean += kStar[i] * alpha[i];
        }
        double[] v = forwardSubstitute(cholesky, kStar);
        double variance = signalVariance;
        for (double vi : v) {
            variance -= vi * vi;
        }
        return new Prediction(mean, Math.max(variance, 0));
    }

    /** The same hyperparameters conditioned on one more observation. */
    GaussianProcess with(double[] point, double value) {
        double[][] xs = Arrays.copyOf(x, x.length + 1);
        xs[x.length] = point;
        double[] ys = Arrays.copyOf(y, y.length + 1);
        ys[y.length] = value;
        return new GaussianProcess(xs, ys, lengthScales, signalVariance, noiseVariance);
    }

    double[] lengthScales() {
        return lengthScales.clone();
    }

    double signalVariance() {
        return signalVariance;
    }

    double noiseVariance() {
        return noiseVariance;
    }

    double kernel(double[] a, double[] b) {
        double r2 = 0;
        for (int i = 0; i < a.length; i++) {
            double t = (a[i] - b[i]) / lengthScales[i];
            r2 += t * t;
        }
        double r = Math.sqrt(r2);
        return signalVariance * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * StrictMath.exp(-SQRT5 * r);
    }

    /** The lower Cholesky factor of a symmetric matrix given by its lower triangle. */
    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= l[j][k] * l[j][k];
            }
            if (!(diagonal > 0)) {
                throw new ArithmeticException("GP: kernel matrix not positive definite at row " + j);
            }
            l[j][j] = Math.sqrt(diagonal);
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    /** Solves {@code L z = b}. */
    private static double[] forwardSubstitute(double[][] l, double[] b) {
        double[] z = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        return z;
    }

    /** Solves {@code Lᵀ z = b}. */
    private static double[] backSubstitute(double[][] l, double[] b) {
        double[] z = new double[b.length];
        for (int i = b.length - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < b.length; k++) {
                s -= l[k][i] * z[k];
            }
            z[i] = s / l[i][i];
        }
        return z;
    }
}
