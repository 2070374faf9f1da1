package io.jgrad;

import java.util.Objects;

/** Where a tensor's storage lives: {@code cpu} or {@code cuda:N}. */
public record Device(String type, int index) {
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        Objects.requireNonNull(type, "type");
        if (!type.equals("cpu") && !type.equals("cuda")) {
            throw new IllegalArgumentException("unknown device type '" + type + "' (expected cpu or cuda)");
        }
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    public static Device cuda(int index) { return new Device("cuda", index); }

    /** Parses {@code cpu}, {@code cuda} (= cuda:0) or {@code cuda:N}. */
    public static Device parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = s.indexOf(':');
        if (colon < 0) return new Device(s, 0);
        try {
            return new Device(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad device '" + text + "' (expected cpu, cuda or cuda:N)");
        }
    }

    @Override
    public String toString() {
        return type.equals("cpu") ? "cpu" : type + ":" + index;
    }
}
