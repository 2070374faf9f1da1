package io.jgrad.nn;

import io.jgrad.backend.RecurrentCell;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU}: gates r, z, n with {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}
 * and {@code h' = (1 - z) n + z h}. Outputs {@code output} and {@code h}; see {@link RecurrentLayer} for the inputs,
 * options and parameter names.
 */
public final class GRU extends RecurrentLayer {
    /** A layer whose input size is inferred on the first call (or from a loaded state dict). */
    public static GRU of(int hiddenSize) { return new GRU(-1, hiddenSize); }

    public GRU(int inputSize, int hiddenSize) { super(inputSize, hiddenSize); }

    @Override
    RecurrentCell cell() { return RecurrentCell.GRU; }
}
