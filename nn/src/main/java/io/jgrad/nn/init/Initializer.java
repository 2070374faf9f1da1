package io.jgrad.nn.init;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

/** Creates the initial values of a parameter of a given shape from a seeded generator. See {@link Init}. */
@FunctionalInterface
public interface Initializer {
    /** A new tensor of {@code shape} and {@code dtype} on the default device. */
    Tensor create(Shape shape, DType dtype, Generator generator);

    /** Overwrites {@code t} in place with fresh values (no graph is recorded). Returns t. */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    default Tensor fill(Tensor t, Generator generator) {
        Tensor values = create(t.shape(), t.dtype(), generator).to(t.backend());
        try (var g = Grad.off()) {
            return t.copyFrom(values);
        }
    }
}
