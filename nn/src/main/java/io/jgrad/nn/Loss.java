package io.jgrad.nn;

import io.jgrad.Tensor;

/** A loss: a tensor (a scalar unless the reduction is NONE) computed from a prediction and a target. */
@FunctionalInterface
public interface Loss {
    Tensor compute(Tensor prediction, Tensor target);
}
