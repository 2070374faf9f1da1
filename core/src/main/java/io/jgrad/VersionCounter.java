package io.jgrad;

/** Counts in-place writes to a storage; shared by a tensor and all its views. */
final class VersionCounter {
    private int version;

    public int get() { return version; }

    public void bump() { version++; }
}
