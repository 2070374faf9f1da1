package io.jgrad.select.candidates;

/**
 * A family that is not compared, and why.
 *
 * @param family      the family's name
 * @param description what the family is
 * @param kind        why, in one word
 * @param reason      why, in a sentence saying what would change it
 * @param cost        the estimate when one was made, else null
 * @param probe       the measurement when one was made, else null
 */
public record Dropped(String family, String description, Kind kind, String reason, CostEstimate cost, Probe probe) {

    /** The kinds of reasons. */
    public enum Kind {
        /** The family's layers are not in this build. */
        UNAVAILABLE,
        /** Its cost exceeds a limit of the budget (parameters, memory, latency, time). */
        OVER_BUDGET,
        /** Building or probing it failed (the message says how). */
        FAILED
    }
}
