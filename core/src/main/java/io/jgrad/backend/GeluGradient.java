package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * GELU's gradient {@code grad * gelu'(x)} composed from the SPI's elementwise ops: the default of
 * {@link Backend#geluBackward}. The steps, in this order, define the result that a fused kernel matches:
 * <ul>
 *   <li>exact form: {@code gelu'(x) = (erf(x * sqrt(1/2)) + 1) * 0.5 + x * (exp((x * x) * -0.5) * 1/sqrt(2 pi))};</li>
 *   <li>tanh form: with {@code t = tanh((x + ((x * x) * x) * 0.044715) * c)} and {@code c = sqrt(2/pi)},
 *       {@code gelu'(x) = (t + 1) * 0.5 + ((x * 0.5) * (1 - t * t)) * (((x * x) * 0.134145 + 1) * c)}.</li>
 * </ul>
 */
final class GeluGradient {
    static final double SQRT_HALF = Math.sqrt(0.5), INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    static final double CUBIC = SpecialFunctions.GELU_CUBIC, CUBIC_SLOPE = 3 * CUBIC;

    private GeluGradient() {}

    static Storage compose(Backend b, Storage grad, Layout gLayout, Storage x, Layout xLayout, boolean tanh) {
        Shape shape = xLayout.shape();
        Layout full = Layout.contiguous(shape), one = Layout.contiguous(Shape.scalar()).broadcastTo(shape, "geluBackward");
        DType type = x.dtype();
        try (var tmp = new Temporaries()) {
            Steps s = new Steps(b, tmp, type, full, one);
            Storage square = s.times(x, xLayout, x, xLayout);
            Storage slope;
            if (!tanh) {
                Storage cdf = s.scaled(s.plus(s.unary(UnaryOp.ERF, s.scaled(x, xLayout, SQRT_HALF)), 1), 0.5);
                Storage density = s.scaled(s.unary(UnaryOp.EXP, s.scaled(square, full, -0.5)), INV_SQRT_2PI);
                slope = s.sum(cdf, s.times(x, xLayout, density, full));
            } else {
                double c = SpecialFunctions.SQRT_2_OVER_PI;
                Storage cube = s.times(square, full, x, xLayout);
                Storage inner = s.scaled(s.sum(x, xLayout, s.scaled(cube, full, CUBIC)), c);
                Storage t = s.unary(UnaryOp.TANH, inner);
                Storage oneMinusT2 = s.tmp.add(b.binary(BinaryOp.SUB, s.constant(1), one, s.times(t, full, t, full), full));
                Storage innerSlope = s.scaled(s.plus(s.scaled(square, full, CUBIC_SLOPE), 1), c);
                Storage right = s.times(s.times(s.scaled(x, xLayout, 0.5), full, oneMinusT2, full), full, innerSlope, full);
                slope = s.sum(s.scaled(s.plus(t, 1), 0.5), right);
            }
            return b.binary(BinaryOp.MUL, grad, gLayout, slope, full);
        }
    }

    /** The composition's elementwise steps, each result a contiguous temporary. */
    private record Steps(Backend b, Temporaries tmp, DType type, Layout full, Layout one) {
        Storage constant(double c) { return tmp.add(b.full(type, 1, c)); }

        Storage scaled(Storage x, Layout xLayout, double c) {
            return tmp.add(b.binary(BinaryOp.MUL, x, xLayout, constant(c), one));
        }

        Storage scaled(Storage x, double c) { return scaled(x, full, c); }

        Storage plus(Storage x, double c) { return tmp.add(b.binary(BinaryOp.ADD, x, full, constant(c), one)); }

        Storage times(Storage x, Layout xLayout, Storage y, Layout yLayout) {
            return tmp.add(b.binary(BinaryOp.MUL, x, xLayout, y, yLayout));
        }

        Storage sum(Storage x, Layout xLayout, Storage y) { return tmp.add(b.binary(BinaryOp.ADD, x, xLayout, y, full)); }

        Storage sum(Storage x, Storage y) { return sum(x, full, y); }

        Storage unary(UnaryOp op, Storage x) { return tmp.add(b.unary(op, x, full, 0, 0)); }
    }
}
