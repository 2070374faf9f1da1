package io.jgrad;

/**
 * What {@link F#recurrence} returns: the state after every step, time-first [T, B, H] (zero at steps past a
 * sequence's length), the final state {@code h} [B, H] (each sequence's state after its last valid step) and, for
 * LSTM, the final cell state {@code c} [B, H] (else null). All three are differentiable.
 */
public record RecurrenceOutput(Tensor output, Tensor finalHidden, Tensor finalCell) {}
