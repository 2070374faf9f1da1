package io.jgrad.io;

import java.util.Optional;

/**
 * Element types of the safetensors format, with their size in bytes.
 *
 * <p>The declaration order matches the reference implementation's {@code Dtype} enum (increasing alignment).
 * Writers sort entries by this order descending, then by name, so every tensor's data stays aligned to its
 * element size; keep the order when adding constants.
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    private final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** @return the size of one element in bytes */
    public int size() {
        return size;
    }

    /**
     * Looks up a dtype by its name in the file header ({@code "F32"}, {@code "BF16"}, ...).
     *
     * @param name the header's dtype string
     * @return the dtype, or empty if this library does not know it
     */
    public static Optional<SafetensorsDtype> fromName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
