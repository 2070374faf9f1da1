package io.jgrad.data;

import java.io.IOException;

/**
 * A data file (IDX, CSV) is malformed. The message names the file and where the problem is: byte counts for
 * binary files, the 1-based line number and column name for text tables.
 */
public class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and where */
    public DataFileException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and where
     * @param cause   the underlying failure
     */
    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
