package io.jgrad.nn;

import io.jgrad.Tensor;

/** log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (defaults 1 and 20, as PyTorch). */
public final class Softplus extends Module {
    private final double beta;
    private final double threshold;

    public Softplus() { this(1, 20); }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) { return x.softplus(beta, threshold); }

    @Override
    public String toString() { return "Softplus(beta=" + beta + ", threshold=" + threshold + ")"; }
}
