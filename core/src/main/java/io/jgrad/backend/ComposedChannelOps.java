package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

import java.util.Arrays;

/**
 * The {@link Backend} defaults for batch normalization's per-channel ops on [N, C, ...] (channel axis 1), composed
 * from reductions over every other axis and binary ops that broadcast a per-channel [C] vector.
 */
final class ComposedChannelOps {
    private ComposedChannelOps() {}

    /** Each channel's mean, then its biased variance from the squared deviations (two passes, as the reference). */
    static Storage moments(Backend b, Storage x, Layout xLayout) {
        Shape shape = checked(xLayout.shape());
        boolean[] axes = nonChannelAxes(shape);
        Layout full = Layout.contiguous(shape), perChannel = Layout.contiguous(Backend.keptShape(shape, axes));
        Layout countEverywhere = Layout.contiguous(Shape.scalar()).broadcastTo(perChannel.shape(), "channelMoments");
        try (var tmp = new Temporaries()) {
            Storage count = tmp.add(b.full(x.dtype(), 1, (double) shape.numel() / shape.dim(1)));
            Storage sums = tmp.add(b.reduce(ReduceOp.SUM, x, xLayout, axes));
            Storage mean = tmp.add(b.binary(BinaryOp.DIV, sums, perChannel, count, countEverywhere));
            Storage deviations = tmp.add(b.binary(BinaryOp.SUB, x, xLayout, mean,
                    perChannel.broadcastTo(shape, "channelMoments")));
            Storage squared = tmp.add(b.unary(UnaryOp.SQUARE, deviations, full, 0, 0));
            Storage squares = tmp.add(b.reduce(ReduceOp.SUM, squared, full, axes));
            Storage variance = tmp.add(b.binary(BinaryOp.DIV, squares, perChannel, count, countEverywhere));
            return rows(b, x.dtype(), shape.dim(1), mean, variance);
        }
    }

    /** Each channel's sum of g, then its sum of {@code g * (x - center[c])}. */
    static Storage gradSums(Backend b, Storage g, Layout gLayout, Storage x, Layout xLayout,
                            Storage center, Layout centerLayout) {
        Shape shape = checked(gLayout.shape());
        boolean[] axes = nonChannelAxes(shape);
        Layout full = Layout.contiguous(shape);
        try (var tmp = new Temporaries()) {
            Storage centered = tmp.add(b.binary(BinaryOp.SUB, x, xLayout, center, broadcast(centerLayout, shape)));
            Storage products = tmp.add(b.binary(BinaryOp.MUL, g, gLayout, centered, full));
            Storage sums = tmp.add(b.reduce(ReduceOp.SUM, g, gLayout, axes));
            Storage dots = tmp.add(b.reduce(ReduceOp.SUM, products, full, axes));
            return rows(b, g.dtype(), shape.dim(1), sums, dots);
        }
    }

    /** {@code scale[c] * u + shift[c]}, then {@code + vScale[c] * v} when v is given. */
    static Storage affine(Backend b, Storage u, Layout uLayout, Storage scale, Layout scaleLayout, Storage v,
                          Layout vLayout, Storage vScale, Layout vScaleLayout, Storage shift, Layout shiftLayout) {
        Shape shape = checked(uLayout.shape());
        Layout full = Layout.contiguous(shape);
        try (var tmp = new Temporaries()) {
            Storage y = tmp.add(b.binary(BinaryOp.MUL, u, uLayout, scale, broadcast(scaleLayout, shape)));
            b.binaryInPlace(BinaryOp.ADD, y, full, shift, broadcast(shiftLayout, shape));
            if (v != null) {
                Storage second = tmp.add(b.binary(BinaryOp.MUL, v, vLayout, vScale, broadcast(vScaleLayout, shape)));
                b.binaryInPlace(BinaryOp.ADD, y, full, second, full);
            }
            return tmp.keep(y);
        }
    }

    private static Shape checked(Shape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("channel op: expected a shape [N, C, ...], got " + shape);
        }
        return shape;
    }

    private static boolean[] nonChannelAxes(Shape shape) {
        boolean[] axes = new boolean[shape.rank()];
        Arrays.fill(axes, true);
        axes[1] = false;
        return axes;
    }

    /** A [C] view seen at {@code shape} [N, C, ...]. */
    private static Layout broadcast(Layout vector, Shape shape) {
        int[] strides = new int[shape.rank()];
        strides[1] = vector.stride(0);
        return new Layout(shape, strides, vector.offset());
    }

    /** [2, C]: two contiguous per-channel results stacked, in a new storage (the two stay the caller's). */
    private static Storage rows(Backend b, DType t, int c, Storage first, Storage second) {
        Layout row = Layout.contiguous(Shape.of(c));
        try (var tmp = new Temporaries()) {
            Storage out = tmp.add(b.allocate(t, 2 * c));
            b.assign(out, row, first, row);
            b.assign(out, new Layout(row.shape(), new int[] {1}, c), second, row);
            return tmp.keep(out);
        }
    }
}
