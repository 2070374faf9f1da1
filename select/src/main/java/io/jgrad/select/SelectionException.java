package io.jgrad.select;

/** A selection that cannot go on, with a message saying what to change (no candidate fits the budget, ...). */
public final class SelectionException extends RuntimeException {
    /** An exception with the message a user reads. */
    public SelectionException(String message) { super(message); }
}
