package io.jgrad.select.candidates;

/**
 * A family that passed the pre-screen, with the configuration that was costed (its defaults).
 *
 * @param family           the family
 * @param config           the configuration estimated and probed
 * @param cost             the estimate from the built model
 * @param probe            the measurement on the backend
 * @param estimatedSeconds the estimated wall-clock time of comparing it (all training runs at the epoch limit)
 */
public record Screened(CandidateFamily family, Hyperparameters config, CostEstimate cost, Probe probe,
                       double estimatedSeconds) {}
