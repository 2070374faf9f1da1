package io.jgrad.select.search;

/** Whether a search looks for the largest score (accuracy, F1) or the smallest (loss, error, regret). */
public enum Direction {
    /** Larger scores are better. */
    MAXIMIZE,
    /** Smaller scores are better. */
    MINIMIZE;

    /** {@code score} turned so that larger is better: the score itself, or its negation. */
    public double utility(double score) {
        return this == MAXIMIZE ? score : -score;
    }

    /** Whether {@code a} is strictly better than {@code b}. */
    public boolean isBetter(double a, double b) {
        return utility(a) > utility(b);
    }
}
