package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Device;

/** A flat buffer of elements owned by a backend. Tensors view it through a {@link io.jgrad.Layout}. */
public interface Storage {
    DType dtype();

    Device device();

    /** Number of elements. */
    int length();
}
