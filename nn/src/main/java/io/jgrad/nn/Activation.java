package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.Locale;
import java.util.Objects;

/**
 * An elementwise activation function, as a value: what an activation layer applies ({@link ActivationLayer}) and
 * what a {@link Dense} layer can apply to its output ({@code Dense.of(128).activation(Activation.RELU)}). It also
 * says the two properties containers need to fuse layers exactly: {@link #isMonotone()} and {@link #commutesWithMax()}.
 *
 * @param kind the function
 * @param a    its first parameter: the negative slope of LEAKY_RELU, the alpha of ELU, the beta of SOFTPLUS (else 0)
 * @param b    its second parameter: the threshold of SOFTPLUS (else 0)
 */
public record Activation(Kind kind, double a, double b) {
    public enum Kind { IDENTITY, RELU, LEAKY_RELU, ELU, SIGMOID, TANH, GELU, GELU_TANH, SILU, SOFTPLUS }

    /** No activation: the value unchanged (Keras' "linear"). */
    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0, 0);
    public static final Activation RELU = new Activation(Kind.RELU, 0, 0);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0, 0);
    public static final Activation TANH = new Activation(Kind.TANH, 0, 0);
    /** Exact GELU, x Phi(x). */
    public static final Activation GELU = new Activation(Kind.GELU, 0, 0);
    /** GELU's tanh approximation. */
    public static final Activation GELU_TANH = new Activation(Kind.GELU_TANH, 0, 0);
    public static final Activation SILU = new Activation(Kind.SILU, 0, 0);

    public Activation {
        Objects.requireNonNull(kind, "kind");
    }

    public static Activation leakyRelu(double negativeSlope) { return new Activation(Kind.LEAKY_RELU, negativeSlope, 0); }

    public static Activation elu(double alpha) { return new Activation(Kind.ELU, alpha, 0); }

    public static Activation softplus(double beta, double threshold) { return new Activation(Kind.SOFTPLUS, beta, threshold); }

    /** The function applied to every element of {@code x}. */
    public Tensor apply(Tensor x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> x.relu();
            case LEAKY_RELU -> x.leakyRelu(a);
            case ELU -> x.elu(a);
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case GELU -> x.gelu();
            case GELU_TANH -> x.geluTanh();
            case SILU -> x.silu();
            case SOFTPLUS -> x.softplus(a, b);
        };
    }

    /**
     * Non-decreasing: {@code x <= y} implies {@code f(x) <= f(y)}, so {@code f(max(x, y)) == max(f(x), f(y))} in
     * value. GELU and SiLU dip below zero and are not; leaky ReLU with a negative slope and ELU with a negative alpha
     * are not either.
     */
    public boolean isMonotone() {
        return switch (kind) {
            case IDENTITY, RELU, SIGMOID, TANH -> true;
            case LEAKY_RELU, ELU -> a >= 0;
            case SOFTPLUS -> a > 0;
            case GELU, GELU_TANH, SILU -> false;
        };
    }

    /**
     * Whether a max pooling may run before this function instead of after it with bit-identical values and gradients:
     * it is {@linkplain #isMonotone() monotone}, and it maps two different floats to one value only where its gradient
     * is zero at both. Then a window's maximum after the function is at a maximum before it, or carries no gradient.
     * True for the identity and ReLU. Sigmoid, tanh, leaky ReLU, ELU and softplus are monotone, but rounding maps
     * neighbouring inputs to one output where their slope is not zero, and the gradient would reach a different
     * element of the window.
     */
    public boolean commutesWithMax() { return kind == Kind.IDENTITY || kind == Kind.RELU; }

    /** {@code relu}, {@code leaky_relu(0.01)}, {@code softplus(1.0, 20.0)}. */
    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case LEAKY_RELU, ELU -> name + "(" + a + ")";
            case SOFTPLUS -> name + "(" + a + ", " + b + ")";
            default -> name;
        };
    }
}
