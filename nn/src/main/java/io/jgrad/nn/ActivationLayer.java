package io.jgrad.nn;

/**
 * A layer that applies one elementwise {@link Activation} and nothing else (ReLU, Sigmoid, ...). {@link Sequential}
 * and {@link Graph} read it to fuse the layer with its neighbours: into a {@link FusesActivation} layer before it, or
 * after a {@link CommutesWithActivation} layer that follows it.
 */
public interface ActivationLayer {
    /** The function this layer's forward pass applies. */
    Activation activation();
}
