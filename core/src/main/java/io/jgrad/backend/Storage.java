package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Device;

/** A flat buffer of elements owned by a backend. Tensors view it through a {@link io.jgrad.Layout}. */
public interface Storage extends AutoCloseable {
    DType dtype();

    Device device();

    /** Number of elements. */
    int length();

    /**
     * Releases this storage now, for every tensor that views it; closing twice does nothing. A device backend returns
     * the memory to its allocator. Host storage is left to the garbage collector, but it is marked closed: any op that
     * later uses it throws {@link IllegalStateException}, as a device would fault on freed memory.
     */
    @Override
    void close();
}
