package io.jgrad.backend;

import io.jgrad.Layout;
import io.jgrad.Shape;

/** A storage and one view of it: an intermediate value of the default implementations composed from primitives. */
record StorageView(Storage storage, Layout layout) {
    /** This view with a new shape: the same storage when the strides allow it, else a contiguous copy on the backend. */
    StorageView reshaped(Backend backend, Shape shape) {
        Layout view = layout.reshapeView(shape);
        if (view != null) return new StorageView(storage, view);
        return new StorageView(backend.copy(storage, layout, storage.dtype()), Layout.contiguous(shape));
    }
}
