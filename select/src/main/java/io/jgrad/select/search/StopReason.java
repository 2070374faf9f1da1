package io.jgrad.select.search;

/** Why a search stopped proposing trials. */
public enum StopReason {
    /** The strategy had nothing more to propose (a grid or a Hyperband pass is complete). */
    EXHAUSTED,
    /** The trial limit was reached. */
    MAX_TRIALS,
    /** The next trial would have gone over the trial-epoch (resource) limit. */
    MAX_RESOURCE,
    /** The wall-clock deadline passed. */
    DEADLINE
}
