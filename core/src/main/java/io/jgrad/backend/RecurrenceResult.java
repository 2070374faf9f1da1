package io.jgrad.backend;

/**
 * What {@link Backend#recurrence} returns: the output per step [T, B, {@link RecurrentCell#outputWidth}] and what the
 * backward needs [T, B, {@link RecurrentCell#savedWidth}], both contiguous and owned by the caller.
 */
public record RecurrenceResult(Storage output, Storage saved) {}
