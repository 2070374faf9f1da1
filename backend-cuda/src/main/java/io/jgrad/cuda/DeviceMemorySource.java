package io.jgrad.cuda;

/** Where the caching allocator gets device memory from: {@code cudaMalloc}/{@code cudaFree}, or a fake in tests. */
interface DeviceMemorySource {
    /**
     * Allocates {@code bytes} of device memory.
     *
     * @return the address, or 0 when the device has not enough free memory (other failures throw)
     */
    long allocate(long bytes);

    /** Returns a block obtained from {@link #allocate} to the device. */
    void free(long address);

    /** The device's free and total memory, for out-of-memory messages, e.g. {@code 1.2 GiB free of 139.8 GiB}. */
    String describeFreeMemory();
}
