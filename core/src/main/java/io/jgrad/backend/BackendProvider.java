package io.jgrad.backend;

import io.jgrad.Device;

/**
 * A backend implementation found with {@link java.util.ServiceLoader}. Among available providers for a device type
 * the one with the highest priority is the default.
 */
public interface BackendProvider {
    /** Short name, e.g. {@code reference}, {@code cpu-simd}, {@code cuda}. */
    String name();

    /** The device type it serves: {@code cpu} or {@code cuda}. */
    String deviceType();

    int priority();

    /** Probed once; never throws. */
    Availability availability();

    /** The backend for one device of this type. Only called when available. */
    Backend create(Device device);
}
