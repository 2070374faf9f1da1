package io.jgrad.nn.init;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backends;

/** Creates the initial values of a parameter of a given shape from a seeded generator. See {@link Init}. */
@FunctionalInterface
public interface Initializer {
    /** A new tensor of {@code shape} and {@code dtype} on the default backend ({@link Backends#defaultBackend()}). */
    Tensor create(Shape shape, DType dtype, Generator generator);

    /** Overwrites {@code t} in place with fresh values created on its backend (no graph is recorded). Returns t. */
    @SuppressWarnings("try") // the scopes restore the default backend and grad mode on close; they are not read
    default Tensor fill(Tensor t, Generator generator) {
        try (var on = Backends.use(t.backend()); var g = Grad.off()) {
            return t.copyFrom(create(t.shape(), t.dtype(), generator));
        }
    }
}
