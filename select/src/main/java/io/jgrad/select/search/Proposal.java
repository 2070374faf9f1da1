package io.jgrad.select.search;

import java.util.Objects;

/**
 * A trial a strategy wants run.
 *
 * @param configuration what to evaluate
 * @param resource      how much to train it (epochs)
 * @param continues     the id of the earlier trial of the same configuration this one continues, or -1
 * @param stage         a short label for the history, e.g. {@code "initial"}, {@code "model"},
 *                      {@code "bracket 3, rung 1"}
 */
public record Proposal(Configuration configuration, double resource, int continues, String stage) {

    /** Checks the resource is positive. */
    public Proposal {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(stage, "stage");
        if (!(resource > 0) || Double.isInfinite(resource)) {
            throw new IllegalArgumentException("a proposal's resource must be positive and finite, got " + resource);
        }
    }

    /** A fresh trial (continuing nothing). */
    public static Proposal of(Configuration configuration, double resource, String stage) {
        return new Proposal(configuration, resource, -1, stage);
    }
}
