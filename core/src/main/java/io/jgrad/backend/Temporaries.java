package io.jgrad.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * The intermediate storages of one {@link Backend} default composed from primitives (padded copies, im2col columns,
 * constant tables, scalars, partial results): each is registered as the composition creates it and closed when the
 * composition returns or fails, except the result it {@link #keep keeps}. Device memory is not garbage collected, so
 * a temporary left open would leak on every call. Only what the composition created is registered: never a storage
 * the caller passed in, nor the storage of a view that merely borrows it ({@link StorageView#ownsStorage}).
 * <pre>{@code
 * try (var tmp = new Temporaries()) {
 *     Storage max = tmp.add(b.reduce(ReduceOp.MAX, x, xLayout, axes));
 *     return b.binary(BinaryOp.SUB, x, xLayout, max, perRow);   // max is closed here, the result stays open
 * }
 * }</pre>
 */
final class Temporaries implements AutoCloseable {
    private final List<Storage> created = new ArrayList<>();

    /** Registers a storage the composition created, to be closed with this; returns it. */
    Storage add(Storage storage) {
        created.add(storage);
        return storage;
    }

    /** Registers the storage of a view when the view owns it (a copy the composition made); returns the view. */
    StorageView add(StorageView view) {
        if (view.ownsStorage()) created.add(view.storage());
        return view;
    }

    /**
     * Takes a registered storage back out, so that it stays open: the result, registered while later steps fill it in
     * (so that it is closed if one of them fails). Returns it.
     */
    Storage keep(Storage result) {
        created.removeIf(s -> s == result);
        return result;
    }

    /** Closes every registered storage, the latest first; a failure to close one does not stop the others. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                created.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        created.clear();
        if (failure != null) throw failure;
    }
}
