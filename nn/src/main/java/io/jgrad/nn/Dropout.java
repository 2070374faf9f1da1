package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and the survivors are scaled
 * by {@code 1/(1-p)}, so evaluation (where this layer is the identity) needs no rescaling. The mask is a bernoulli
 * draw made on the input's backend, in its dtype.
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
        if (!isTraining()) return x;
        return apply(x, p, generator);
    }

    /** Inverted dropout of x with probability p (training mode), drawing from g (null: the global generator). */
    @SuppressWarnings("try") // the scope only routes creation to x's backend; it is not read
    static Tensor apply(Tensor x, double p, Generator generator) {
        if (p == 0) return x;
        if (p == 1) return x.mul(0);
        Generator g = generator == null ? Generator.global() : generator;
        Tensor keep;
        try (var on = Backends.use(x.backend())) {
            keep = Tensor.bernoulli(g, x.dtype(), 1 - p, x.dims());
        }
        return x.mul(keep.mul(1 / (1 - p)));
    }

    @Override
    public String toString() { return "Dropout(p=" + p + ")"; }
}
