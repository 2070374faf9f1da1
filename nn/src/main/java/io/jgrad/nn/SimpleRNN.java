package io.jgrad.nn;

import io.jgrad.backend.RecurrentCell;

/**
 * The Elman recurrent layer, PyTorch's {@code nn.RNN}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with tanh
 * (the default) or ReLU. Outputs {@code output} and {@code h}; see {@link RecurrentLayer} for the inputs, options and
 * parameter names.
 */
public final class SimpleRNN extends RecurrentLayer {
    private final boolean relu;

    /** A tanh layer whose input size is inferred on the first call (or from a loaded state dict). */
    public static SimpleRNN of(int hiddenSize) { return new SimpleRNN(-1, hiddenSize, false); }

    /** A tanh layer. */
    public SimpleRNN(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, false); }

    /** A layer with ReLU ({@code relu}) or tanh, PyTorch's {@code nonlinearity="relu"} or {@code "tanh"}. */
    public SimpleRNN(int inputSize, int hiddenSize, boolean relu) {
        super(inputSize, hiddenSize);
        this.relu = relu;
    }

    /** Whether the nonlinearity is ReLU (else tanh). */
    public boolean isRelu() { return relu; }

    @Override
    RecurrentCell cell() { return relu ? RecurrentCell.RNN_RELU : RecurrentCell.RNN_TANH; }
}
