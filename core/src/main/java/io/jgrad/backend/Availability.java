package io.jgrad.backend;

/** Whether a backend can run here, and if not, why (shown by {@code jgrad devices} and test skips). */
public record Availability(boolean available, String reason) {
    public static Availability yes(String detail) { return new Availability(true, detail); }

    public static Availability no(String reason) { return new Availability(false, reason); }
}
