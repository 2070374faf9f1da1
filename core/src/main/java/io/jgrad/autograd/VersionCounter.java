package io.jgrad.autograd;

/** Counts in-place writes to a storage; shared by a tensor and all its views. */
public final class VersionCounter {
    private int version;

    public int get() { return version; }

    public void bump() { version++; }
}
