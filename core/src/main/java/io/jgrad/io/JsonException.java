package io.jgrad.io;

import java.io.IOException;

/** A text is not valid JSON, or exceeds a {@link Json.Limits limit}: the message names the character offset. */
public class JsonException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /**
     * @param offset the character offset in the text where the problem is
     * @param reason what is wrong there
     */
    public JsonException(int offset, String reason) {
        super("invalid JSON at character " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** @return the character offset in the text where the problem is */
    public int offset() {
        return offset;
    }

    /** @return what is wrong, without the offset */
    public String reason() {
        return reason;
    }
}
