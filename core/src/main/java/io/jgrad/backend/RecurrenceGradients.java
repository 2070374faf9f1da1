package io.jgrad.backend;

/**
 * What {@link Backend#recurrenceBackward} returns, each contiguous and owned by the caller: the gradient of the input
 * projection [T, B, G*H]; that of the recurrent projection {@code W_hh h + b_hh} [T, B, G*H] (the same storage as the
 * first except for GRU, where {@code r} scales the n block of the recurrent projection), from which the caller gets
 * the gradients of {@code W_hh} and {@code b_hh}; and those of the initial states [B, H] ({@code c0} null unless LSTM).
 */
public record RecurrenceGradients(Storage inputProjection, Storage hiddenProjection, Storage h0, Storage c0) {}
