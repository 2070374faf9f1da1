package io.jgrad.select.search;

/** How a trial ended. */
public enum TrialStatus {
    /** The objective returned a finite score. */
    COMPLETED,
    /** The objective threw, ran out of memory or returned a non-finite score; the trial records why. */
    FAILED
}
