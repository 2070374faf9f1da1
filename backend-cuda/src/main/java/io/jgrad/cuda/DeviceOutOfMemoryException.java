package io.jgrad.cuda;

/**
 * A device allocation failed even after the allocator emptied its cache and retried; the message gives the request
 * size, the allocator's figures and the device's free memory.
 */
public final class DeviceOutOfMemoryException extends RuntimeException {
    private final long requestedBytes;
    private final MemoryStats stats;

    public DeviceOutOfMemoryException(String message, long requestedBytes, MemoryStats stats) {
        super(message);
        this.requestedBytes = requestedBytes;
        this.stats = stats;
    }

    /** The size of the request that failed. */
    public long requestedBytes() { return requestedBytes; }

    /** The allocator's figures when it gave up. */
    public MemoryStats stats() { return stats; }
}
