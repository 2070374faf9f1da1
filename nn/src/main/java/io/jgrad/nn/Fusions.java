package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * The fusions containers apply to two consecutive layers, read from what the layers declare: a
 * {@link FusesActivation} layer followed by an {@link ActivationLayer} it fuses runs as one op, and an activation
 * followed by a {@link CommutesWithActivation} layer runs in the other order. Both keep the values and gradients
 * bit for bit. A pair runs unfused while either layer has forward hooks, so every hook sees its layer's own output.
 */
final class Fusions {
    private Fusions() {}

    /** Whether {@code first} then {@code second} can run fused (ignoring hooks). */
    static boolean declared(Module first, Module second) {
        if (first instanceof FusesActivation f && second instanceof ActivationLayer a) return f.fuses(a.activation());
        return first instanceof ActivationLayer a && second instanceof CommutesWithActivation c && c.commutesWith(a.activation());
    }

    /** Whether {@code first} then {@code second} run fused now: declared, and neither has forward hooks. */
    static boolean applies(Module first, Module second) {
        return !first.hasForwardHooks() && !second.hasForwardHooks() && declared(first, second);
    }

    /** {@code second(first(x))} for a pair that {@link #applies}. */
    static Tensor forward(Module first, Module second, Tensor x) {
        if (first instanceof FusesActivation f && second instanceof ActivationLayer a && f.fuses(a.activation())) {
            return f.forwardFused(x, a.activation());
        }
        return first.forward(second.forward(x)); // the activation on the pooled tensor
    }
}
