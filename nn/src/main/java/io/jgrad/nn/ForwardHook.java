package io.jgrad.nn;

/**
 * Called by {@link Module#call} after a module's forward pass, with the module, the inputs bound to its
 * {@link Signature} and its outputs (PyTorch's forward hooks). Register with {@link Module#registerForwardHook}.
 * A hook observes; it must not change the tensors.
 *
 * <p>Containers fuse some pairs of layers (a {@link Dense} and the activation after it, an activation and a max
 * pooling after it) into ops that never produce the first layer's output; a pair runs unfused while either layer
 * has a hook, so every hook sees the values its layer computes.
 */
@FunctionalInterface
public interface ForwardHook {
    void afterForward(Module module, Inputs inputs, Outputs outputs);

    /** Removes a registered hook; removing it twice does nothing. Closing it removes it too. */
    interface Handle extends AutoCloseable {
        void remove();

        @Override
        default void close() { remove(); }
    }
}
