package io.jgrad.nn.init;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;

/**
 * Seeded initializers with PyTorch's formulas ({@code torch.nn.init}). Values are drawn in the parameter's dtype on
 * the default backend ({@link io.jgrad.backend.Backends#use} routes them, as layers do) from the {@link Generator}
 * passed in, whose Philox stream gives the same parameters on every backend. Only {@link #orthogonal} computes on the
 * host (a Gram-Schmidt orthonormalization, which the backend SPI has no op for) and uploads the result.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [out, in, k...]}, {@code fanIn = in * prod(k)} and
 * {@code fanOut = out * prod(k)}.
 */
public final class Init {
    private Init() {}

    /** Whether Kaiming scaling uses the fan-in (preserves forward variance) or the fan-out (backward variance). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** fan_in and fan_out of a weight shape. */
    public record Fans(int fanIn, int fanOut) {
        public int get(FanMode mode) { return mode == FanMode.FAN_IN ? fanIn : fanOut; }
    }

    public static Fans fans(Shape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("fan in and fan out need a weight of at least 2 dimensions, got shape " + shape);
        }
        int receptive = 1;
        for (int i = 2; i < shape.rank(); i++) receptive *= shape.dim(i);
        return new Fans(shape.dim(1) * receptive, shape.dim(0) * receptive);
    }

    /**
     * PyTorch's {@code calculate_gain}: linear/identity/sigmoid 1, tanh 5/3, relu sqrt(2), leaky_relu
     * sqrt(2/(1+slope^2)) (param = slope, 0.01 if NaN), selu 3/4.
     */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "identity", "sigmoid", "conv1d", "conv2d", "conv3d" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity
                    + "' (linear, identity, sigmoid, tanh, relu, leaky_relu, selu)");
        };
    }

    // ---- bounds (exposed so that tests and layers use the same formulas) -------------------------------------------

    public static double xavierUniformBound(Fans f, double gain) { return gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut())); }

    public static double xavierNormalStd(Fans f, double gain) { return gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())); }

    public static double kaimingUniformBound(int fan, double gain) { return gain * Math.sqrt(3.0 / fan); }

    public static double kaimingNormalStd(int fan, double gain) { return gain / Math.sqrt(fan); }

    // ---- initializers --------------------------------------------------------------------------------------------

    public static Initializer uniform(double low, double high) {
        if (!(low <= high)) throw new IllegalArgumentException("uniform init: low " + low + " must be <= high " + high);
        return (shape, dtype, g) -> Tensor.uniform(g, floating(dtype), low, high, shape.dims());
    }

    public static Initializer normal(double mean, double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal init: std must be >= 0, got " + std);
        return (shape, dtype, g) -> Tensor.normal(g, floating(dtype), mean, std, shape.dims());
    }

    public static Initializer constant(double value) {
        return (shape, dtype, g) -> Tensor.full(dtype, value, shape.dims());
    }

    public static Initializer zeros() { return constant(0); }

    public static Initializer ones() { return constant(1); }

    /** Glorot/Xavier uniform with gain 1: U(-b, b), b = sqrt(6 / (fanIn + fanOut)). */
    public static Initializer xavierUniform() { return xavierUniform(1.0); }

    public static Initializer xavierUniform(double gain) {
        return (shape, dtype, g) -> {
            double b = xavierUniformBound(fans(shape), gain);
            return uniform(-b, b).create(shape, dtype, g);
        };
    }

    /** Glorot/Xavier normal with gain 1: N(0, 2 / (fanIn + fanOut)). */
    public static Initializer xavierNormal() { return xavierNormal(1.0); }

    public static Initializer xavierNormal(double gain) {
        return (shape, dtype, g) -> normal(0, xavierNormalStd(fans(shape), gain)).create(shape, dtype, g);
    }

    /** He/Kaiming uniform for ReLU (gain sqrt 2, fan in): U(-b, b), b = sqrt(6 / fanIn). */
    public static Initializer kaimingUniform() { return kaimingUniform(gain("relu", Double.NaN), FanMode.FAN_IN); }

    public static Initializer kaimingUniform(double gain, FanMode mode) {
        return (shape, dtype, g) -> {
            double b = kaimingUniformBound(fans(shape).get(mode), gain);
            return uniform(-b, b).create(shape, dtype, g);
        };
    }

    /** He/Kaiming normal for ReLU (gain sqrt 2, fan in): N(0, 2 / fanIn). */
    public static Initializer kaimingNormal() { return kaimingNormal(gain("relu", Double.NaN), FanMode.FAN_IN); }

    public static Initializer kaimingNormal(double gain, FanMode mode) {
        return (shape, dtype, g) -> normal(0, kaimingNormalStd(fans(shape).get(mode), gain)).create(shape, dtype, g);
    }

    /**
     * PyTorch's default for Linear and Conv weights, {@code kaiming_uniform_(a=sqrt(5))}: U(-b, b) with
     * b = 1/sqrt(fanIn).
     */
    public static Initializer torchDefault() { return kaimingUniform(gain("leaky_relu", Math.sqrt(5)), FanMode.FAN_IN); }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as PyTorch's {@code orthogonal_}: the weight is viewed as
     * {@code [shape[0], rest]}; rows are orthonormal when there are fewer rows than columns, else columns are.
     */
    public static Initializer orthogonal(double gain) {
        return (shape, dtype, g) -> {
            if (shape.rank() < 2) throw new IllegalArgumentException("orthogonal init needs at least 2 dimensions, got shape " + shape);
            int rows = shape.dim(0), cols = shape.numel() / Math.max(rows, 1);
            boolean transpose = rows < cols;
            int m = Math.max(rows, cols), n = Math.min(rows, cols);
            // a is m x n (m >= n), column-major for Gram-Schmidt: a[j] is column j.
            double[][] a = new double[n][m];
            for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) a[j][i] = g.nextGaussian();
            orthonormalizeColumns(a);
            double[] v = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) v[r * cols + c] = gain * (transpose ? a[r][c] : a[c][r]);
            }
            return make(v, shape, dtype);
        };
    }

    public static Initializer orthogonal() { return orthogonal(1.0); }

    /**
     * Modified Gram-Schmidt, twice for accuracy. This is the Q of a QR decomposition with a positive diagonal in R,
     * which is PyTorch's sign convention ({@code q *= sign(diag(r))}).
     */
    private static void orthonormalizeColumns(double[][] a) {
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < a.length; j++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < a[j].length; i++) dot += a[k][i] * a[j][i];
                    for (int i = 0; i < a[j].length; i++) a[j][i] -= dot * a[k][i];
                }
                double norm = 0;
                for (double x : a[j]) norm += x * x;
                norm = Math.sqrt(norm);
                if (norm == 0) throw new IllegalStateException("orthogonal init: a random column was degenerate");
                for (int i = 0; i < a[j].length; i++) a[j][i] /= norm;
            }
        }
    }

    private static Tensor make(double[] values, Shape shape, DType dtype) {
        return Tensor.of(values, shape.dims()).to(floating(dtype));
    }

    private static DType floating(DType dtype) {
        if (!dtype.isFloating()) throw new IllegalArgumentException("initializers create floating-point tensors, not " + dtype);
        return dtype;
    }
}
