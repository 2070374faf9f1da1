package io.jgrad.backend;

import io.jgrad.Layout;
import io.jgrad.Shape;

import java.util.Arrays;

/**
 * The squared error's ops composed from the SPI's primitives: the defaults of {@link Backend#squaredError},
 * {@link Backend#squaredErrorSum} and {@link Backend#squaredErrorBackward}. The steps, in this order, are the ones
 * {@code (x - y).square()}, its {@code sum()} and square's gradient rule take, and define the per-element results a
 * fused kernel matches: {@code d = x - y}, {@code d * d}, {@code (grad * d) * 2}.
 */
final class ComposedSquaredError {
    private ComposedSquaredError() {}

    static Storage squares(Backend b, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        try (var tmp = new Temporaries()) {
            Storage difference = tmp.add(b.binary(BinaryOp.SUB, x, xLayout, y, yLayout));
            return b.unary(UnaryOp.SQUARE, difference, Layout.contiguous(xLayout.shape()), 0, 0);
        }
    }

    static Storage sum(Backend b, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        Shape shape = xLayout.shape();
        boolean[] everyAxis = new boolean[shape.rank()];
        Arrays.fill(everyAxis, true);
        try (var tmp = new Temporaries()) {
            Storage squares = tmp.add(squares(b, x, xLayout, y, yLayout));
            return b.reduce(ReduceOp.SUM, squares, Layout.contiguous(shape), everyAxis);
        }
    }

    static Storage backward(Backend b, Storage grad, Layout gLayout, Storage x, Layout xLayout, Storage y,
                            Layout yLayout) {
        Shape shape = xLayout.shape();
        Layout full = Layout.contiguous(shape);
        Layout one = Layout.contiguous(Shape.scalar()).broadcastTo(shape, "squaredErrorBackward");
        try (var tmp = new Temporaries()) {
            Storage difference = tmp.add(b.binary(BinaryOp.SUB, x, xLayout, y, yLayout));
            Storage scaled = tmp.add(b.binary(BinaryOp.MUL, grad, gLayout, difference, full));
            Storage two = tmp.add(b.full(x.dtype(), 1, 2));
            return b.binary(BinaryOp.MUL, scaled, full, two, one);
        }
    }
}
