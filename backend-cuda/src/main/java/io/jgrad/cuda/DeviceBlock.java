package io.jgrad.cuda;

/**
 * A block of device memory handed out by the {@link CachingAllocator}.
 *
 * @param address the device address
 * @param size the block's size class in bytes (at least {@code requested})
 * @param requested the bytes asked for
 */
record DeviceBlock(long address, long size, long requested) {}
