package io.jgrad.select.search;

/**
 * Thrown by an {@link Objective} for an expected failure of a trial (a diverging or NaN loss, a configuration that
 * does not fit the memory budget); the search records the message as the reason and goes on.
 */
public class TrialFailedException extends RuntimeException {

    /** A failure with its reason, e.g. {@code "loss diverged (1.3e+09) at epoch 3"}. */
    public TrialFailedException(String reason) {
        super(reason);
    }

    /** A failure with its reason and cause. */
    public TrialFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
