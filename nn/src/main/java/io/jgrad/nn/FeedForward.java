package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * The feed-forward block of a Transformer layer, {@code dropout2(linear2(dropout(activation(linear1(x)))))}, with its
 * modules registered on the owning layer under PyTorch's names ({@code linear1}, {@code dropout}, {@code linear2}
 * and the outer dropout's name), so the layer's state dict is PyTorch's.
 */
final class FeedForward {
    private final Dense linear1, linear2;
    private final Dropout inner, outer;
    private final Activation activation;

    FeedForward(Module owner, TransformerSettings s, String outerDropout) {
        linear1 = owner.registerModule("linear1", new Dense(s.dModel(), s.dimFeedforward()));
        inner = owner.registerModule("dropout", new Dropout(s.dropout()));
        linear2 = owner.registerModule("linear2", new Dense(s.dimFeedforward(), s.dModel()));
        outer = owner.registerModule(outerDropout, new Dropout(s.dropout()));
        activation = s.activation();
    }

    /** ReLU runs fused with linear1's GEMM. */
    Tensor apply(Tensor x) {
        Tensor hidden = activation.kind() == Activation.Kind.RELU ? linear1.forwardFused(x, activation)
                : activation.apply(linear1.call(x));
        return outer.call(linear2.call(inner.call(hidden)));
    }
}
