package io.jgrad.nn;

import io.jgrad.backend.RecurrentCell;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: gates i, f, g, o of {@code W_ih x + b_ih + W_hh h + b_hh},
 * {@code c' = f c + i g}, {@code h' = o tanh(c')}. Outputs {@code output}, {@code h} and {@code c}; see
 * {@link RecurrentLayer} for the inputs, options and parameter names.
 * <pre>{@code
 * LSTM lstm = new LSTM(64, 256);
 * lstm.numLayers(2).bidirectional(true).batchFirst(true);
 * Outputs out = lstm.call(Inputs.of(x).with("lengths", lengths));
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {
    /** A layer whose input size is inferred on the first call (or from a loaded state dict). */
    public static LSTM of(int hiddenSize) { return new LSTM(-1, hiddenSize); }

    public LSTM(int inputSize, int hiddenSize) { super(inputSize, hiddenSize); }

    @Override
    RecurrentCell cell() { return RecurrentCell.LSTM; }
}
