package io.jgrad.backend;

/**
 * The cell a fused recurrence runs, with PyTorch's gate layouts. Per step, with {@code x'} the input projection
 * {@code W_ih x + b_ih} of the step (computed for all steps at once by the caller) and {@code h} the state:
 * <ul>
 *   <li>{@link #RNN_TANH}, {@link #RNN_RELU}: {@code h' = act(x' + W_hh h + b_hh)}, one gate;</li>
 *   <li>{@link #LSTM}: gates i, f, g, o of {@code x' + W_hh h + b_hh}, {@code c' = f c + i g}, {@code h' = o tanh(c')};</li>
 *   <li>{@link #GRU}: gates r, z, n; {@code r, z = sigmoid(x'_{r,z} + (W_hh h + b_hh)_{r,z})},
 *       {@code n = tanh(x'_n + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}.</li>
 * </ul>
 */
public enum RecurrentCell {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    private final int gates;

    RecurrentCell(int gates) { this.gates = gates; }

    /** How many gate blocks of size H the projections hold (their width is {@code gates() * H}). */
    public int gates() { return gates; }

    /** Whether the cell carries a cell state {@code c} beside {@code h} (LSTM). */
    public boolean hasCellState() { return this == LSTM; }

    /** The width of the recurrence's output per step: {@code h} (and {@code c} for LSTM, after it). */
    public int outputWidth(int hidden) { return hasCellState() ? 2 * hidden : hidden; }

    /**
     * The width of what the forward keeps per step for the backward (see {@link Backend#recurrence}): the state that
     * entered the step ({@code h}, and {@code c} for LSTM), then the activated gates, then for LSTM {@code tanh(c')}
     * and for GRU {@code W_hn h + b_hn}.
     */
    public int savedWidth(int hidden) {
        return switch (this) {
            case RNN_TANH, RNN_RELU -> 2 * hidden;
            case LSTM -> 7 * hidden;
            case GRU -> 5 * hidden;
        };
    }
}
