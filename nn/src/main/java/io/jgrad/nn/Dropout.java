package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and the survivors are scaled
 * by {@code 1/(1-p)}, so evaluation (where this layer is the identity) needs no rescaling.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator generator;

    /** Draws masks from {@link Generator#global()}. */
    public Dropout(double p) { this(p, null); }

    /** Draws masks from {@code generator} (seeded runs repeat exactly). */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator;
    }

    public double p() { return p; }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        if (p == 1) return x.mul(0);
        Generator g = generator == null ? Generator.global() : generator;
        Tensor mask = Tensor.bernoulli(g, 1 - p, x.dims()).to(x.backend()).to(x.dtype()).mul(1 / (1 - p));
        return x.mul(mask);
    }

    @Override
    public String toString() { return "Dropout(p=" + p + ")"; }
}
