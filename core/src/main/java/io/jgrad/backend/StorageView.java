package io.jgrad.backend;

import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * A storage and one view of it: an intermediate value of the default implementations composed from primitives.
 * {@code ownsStorage} says whether the composition created the storage (a copy it must close, see
 * {@link Temporaries#add(StorageView)}) or borrows it (the caller's input, or a storage another view owns).
 */
record StorageView(Storage storage, Layout layout, boolean ownsStorage) {
    /** A view of a storage the composition does not own, such as one the caller passed in. */
    static StorageView borrowed(Storage storage, Layout layout) { return new StorageView(storage, layout, false); }

    /** A view of a storage the composition created and must close. */
    static StorageView owning(Storage storage, Layout layout) { return new StorageView(storage, layout, true); }

    /**
     * This view with a new shape: when the strides allow it, a view of the same storage that borrows it (this view
     * keeps whatever ownership it had), else a contiguous copy on the backend that the new view owns.
     */
    StorageView reshaped(Backend backend, Shape shape) {
        Layout view = layout.reshapeView(shape);
        if (view != null) return borrowed(storage, view);
        return owning(backend.copy(storage, layout, storage.dtype()), Layout.contiguous(shape));
    }
}
