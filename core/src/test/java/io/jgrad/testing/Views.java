package io.jgrad.testing;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Storage;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Test inputs: a logical shape laid out in storage in one of several ways a backend must handle. A view is built in
 * host memory and put on the backend under test with {@link View#on(Backend)} (an upload of a fresh copy), so the
 * same inputs reach every backend whatever its storage is.
 */
public final class Views {
    private Views() {}

    /** How a view's elements are laid out in its storage. */
    public enum Kind {
        /** Row-major, offset 0. */
        CONTIGUOUS,
        /** The last two axes swapped: storage is row-major in the other order. */
        TRANSPOSED,
        /** A slice with an offset and step 2 along the last axis. */
        STEP_SLICED,
        /** Every axis but the last broadcast (stride 0), as a bias [C] expanded to [N, C]. */
        BROADCAST_ROWS,
        /** The last axis broadcast (stride 0), as a per-row statistic [N, 1] expanded to [N, C]. */
        BROADCAST_COLUMN,
        /** One element broadcast to the whole shape (all strides 0). */
        BROADCAST_SCALAR;

        /** Whether this kind differs from CONTIGUOUS for the shape (otherwise the case is skipped as a duplicate). */
        public boolean appliesTo(Shape shape) {
            int r = shape.rank();
            return switch (this) {
                case CONTIGUOUS -> true;
                case TRANSPOSED -> r >= 2;
                case STEP_SLICED -> r >= 1;
                case BROADCAST_ROWS -> r >= 2;
                case BROADCAST_COLUMN -> r >= 1 && shape.dim(r - 1) > 1;
                case BROADCAST_SCALAR -> shape.numel() > 1;
            };
        }

        /** Kinds a tensor may be written through (no two elements share storage). */
        public boolean writable() { return this == CONTIGUOUS || this == TRANSPOSED || this == STEP_SLICED; }
    }

    /** A host storage and a view of it. */
    public record View(HostStorage storage, Layout layout) {
        /** A copy of the storage (same layout), so that an op that writes in place leaves this view's values alone. */
        public View copy() {
            HostStorage c = HostStorage.allocate(storage.dtype(), storage.length());
            System.arraycopy(storage.array(), 0, c.array(), 0, storage.length());
            return new View(c, layout);
        }

        /** A fresh copy of the storage uploaded to {@code backend}; view it with {@link #layout()}. */
        public Storage on(Backend backend) { return backend.upload(copy().storage()); }
    }

    /** A view of {@code shape} of the given kind, with every storage element drawn from {@code values}. */
    public static View make(Kind kind, Shape shape, DType dtype, SplittableRandom rnd, ToDoubleFunction<SplittableRandom> values) {
        int r = shape.rank();
        int[] d = shape.dims();
        Shape src;
        Layout layout;
        switch (kind) {
            case CONTIGUOUS -> { src = shape; layout = Layout.contiguous(shape); }
            case TRANSPOSED -> {
                int[] s = d.clone();
                s[r - 2] = d[r - 1];
                s[r - 1] = d[r - 2];
                src = Shape.of(s);
                layout = Layout.contiguous(src).transpose(r - 2, r - 1);
            }
            case STEP_SLICED -> {
                int[] s = d.clone();
                s[0] += 1;
                s[r - 1] = 2 * d[r - 1] + 1 + (r == 1 ? 2 : 0);
                src = Shape.of(s);
                Layout l = Layout.contiguous(src);
                if (r > 1) l = l.narrow(0, 1, d[0], 1);
                layout = l.narrow(r - 1, 1, d[r - 1], 2);
            }
            case BROADCAST_ROWS -> {
                int[] s = new int[r];
                Arrays.fill(s, 1);
                s[r - 1] = d[r - 1];
                src = Shape.of(s);
                layout = Layout.contiguous(src).broadcastTo(shape, "test");
            }
            case BROADCAST_COLUMN -> {
                int[] s = d.clone();
                s[r - 1] = 1;
                src = Shape.of(s);
                layout = Layout.contiguous(src).broadcastTo(shape, "test");
            }
            case BROADCAST_SCALAR -> {
                int[] s = new int[r];
                Arrays.fill(s, 1);
                src = Shape.of(s);
                layout = Layout.contiguous(src).broadcastTo(shape, "test");
            }
            default -> throw new AssertionError(kind);
        }
        if (!layout.shape().equals(shape)) throw new AssertionError(kind + " made " + layout + " for " + shape);
        HostStorage storage = HostStorage.allocate(dtype, (int) Math.max(layout.requiredStorageLength(), src.numel()));
        for (int i = 0; i < storage.length(); i++) storage.setDouble(i, values.applyAsDouble(rnd));
        return new View(storage, layout);
    }

    /** A uniform draw from [lo, hi). */
    public static double uniform(SplittableRandom r, double lo, double hi) { return lo + (hi - lo) * r.nextDouble(); }
}
