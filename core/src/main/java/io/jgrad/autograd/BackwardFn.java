package io.jgrad.autograd;

import io.jgrad.Tensor;

/** Maps the gradient of an op's output to the gradients of its inputs (null where an input needs none). */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
