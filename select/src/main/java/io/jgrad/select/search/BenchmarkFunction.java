package io.jgrad.select.search;

import java.util.function.ToDoubleFunction;

/**
 * A standard test function for global optimisation with a known minimum, used to measure how fast a search
 * strategy finds it (the regret: best value found minus the minimum).
 *
 * @param name    the function's usual name
 * @param space   its domain as a search space
 * @param minimum its global minimum value
 * @param f       the function
 */
public record BenchmarkFunction(String name, SearchSpace space, double minimum, ToDoubleFunction<Configuration> f) {

    /** The function's value at {@code configuration}. */
    public double value(Configuration configuration) {
        return f.applyAsDouble(configuration);
    }

    /**
     * Branin (Branin-Hoo) on {@code x1 ∈ [-5, 10], x2 ∈ [0, 15]}: three global minima of {@code 0.397887...}, at
     * {@code (-π, 12.275)}, {@code (π, 2.275)} and {@code (9.42478, 2.475)}.
     */
    public static BenchmarkFunction branin() {
        SearchSpace space = SearchSpace.builder().real("x1", -5, 10).real("x2", 0, 15).build();
        return new BenchmarkFunction("branin", space, 5 / (4 * Math.PI), c -> {
            double x1 = c.getDouble("x1");
            double x2 = c.getDouble("x2");
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double t = x2 - b * x1 * x1 + 5 / Math.PI * x1 - 6;
            return t * t + 10 * (1 - 1 / (8 * Math.PI)) * StrictMath.cos(x1) + 10;
        });
    }

    /**
     * Hartmann-6 on {@code [0, 1]^6}: global minimum {@code -3.32237} at {@code (0.20169, 0.150011, 0.476874,
     * 0.275332, 0.311652, 0.6573)}, with several local minima.
     */
    public static BenchmarkFunction hartmann6() {
        double[] alpha = {1.0, 1.2, 3.0, 3.2};
        double[][] a = {
            {10, 3, 17, 3.5, 1.7, 8},
            {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8},
            {17, 8, 0.05, 10, 0.1, 14}};
        double[][] p = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
        SearchSpace.Builder builder = SearchSpace.builder();
        for (int j = 1; j <= 6; j++) {
            builder.real("x" + j, 0, 1);
        }
        return new BenchmarkFunction("hartmann6", builder.build(), -3.32237, c -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = c.getDouble("x" + (j + 1)) - p[i][j];
                    inner += a[i][j] * d * d;
                }
                sum += alpha[i] * StrictMath.exp(-inner);
            }
            return -sum;
        });
    }

    /** The function by its name ({@code branin}, {@code hartmann6}). */
    public static BenchmarkFunction named(String name) {
        return switch (name) {
            case "branin" -> branin();
            case "hartmann6" -> hartmann6();
            default -> throw new IllegalArgumentException("unknown benchmark function '" + name
                    + "': choose branin or hartmann6");
        };
    }
}
