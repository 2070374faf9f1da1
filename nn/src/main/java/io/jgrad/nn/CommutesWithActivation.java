package io.jgrad.nn;

/**
 * A layer that gives the same values and gradients, bit for bit, before or after some activations: {@code
 * layer(f(x)) == f(layer(x))}. Max pooling commutes with a monotone activation such as ReLU; {@link Sequential} and
 * {@link Graph} then pool first, so the activation and its gradient run on the smaller, pooled tensor.
 */
public interface CommutesWithActivation {
    /** Whether this layer commutes with {@code activation} exactly (see {@link Activation#commutesWithMax()}). */
    boolean commutesWith(Activation activation);
}
