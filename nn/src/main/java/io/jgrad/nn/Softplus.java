package io.jgrad.nn;

import io.jgrad.Tensor;

/** log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (defaults 1 and 20, as PyTorch). */
public final class Softplus extends Module implements ActivationLayer {
    private final Activation activation;

    public Softplus() { this(1, 20); }

    public Softplus(double beta, double threshold) { this.activation = Activation.softplus(beta, threshold); }

    @Override
    public Activation activation() { return activation; }

    @Override
    public Tensor forward(Tensor x) { return activation().apply(x); }

    @Override
    public String toString() { return "Softplus(beta=" + activation.a() + ", threshold=" + activation.b() + ")"; }
}
