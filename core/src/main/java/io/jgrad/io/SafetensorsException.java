package io.jgrad.io;

import java.io.IOException;

/**
 * A safetensors file is malformed or cannot be represented: a bad header, inconsistent offsets, a size that
 * does not match the shape, or an unknown dtype. The message names the entry or byte offset at fault.
 */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the entry or offset */
    public SafetensorsException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong
     * @param cause   the underlying failure
     */
    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
