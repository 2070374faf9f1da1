package io.jgrad;

import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;

import java.util.Locale;

/** Elementwise ops: dtype promotion, broadcasting, the backend call and the autograd record. */
final class Elementwise {
    private Elementwise() {}

    /** A 0-d tensor holding {@code s}, typed so that {@code t op s} keeps t's dtype when it can (PyTorch's rule). */
    static Tensor scalarFor(Tensor t, double s) {
        boolean integral = s == Math.rint(s) && !Double.isInfinite(s);
        DType dtype = t.dtype() == DType.BOOL ? (integral ? DType.I64 : DType.F32) : t.dtype().withScalar(!integral);
        return Creation.full(dtype, Shape.scalar(), s, t.backend());
    }

    static String name(Enum<?> op) { return op.name().toLowerCase(Locale.ROOT); }

    static void checkSameDevice(String op, Tensor... ts) {
        for (Tensor t : ts) {
            if (!t.device().equals(ts[0].device())) {
                throw new IllegalArgumentException(op + ": tensors are on different devices (" + ts[0].device() + " and "
                        + t.device() + "); move them with to(device) first");
            }
        }
    }

    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = Tensor.fresh(x.backend().copy(x.storage(), x.layout(), dtype), x.shape(), x.backend());
        if (!dtype.isFloating()) return out;
        return out.recordedAs(new Op.Cast(x, dtype));
    }

    static Tensor unary(UnaryOp op, Tensor x, double a, double b) {
        if (x.dtype() == DType.BOOL || (!x.dtype().isFloating() && !op.keepsIntegers())) {
            x = x.to(op.keepsIntegers() ? DType.I64 : DType.F32);
        }
        Storage result = x.backend().unary(op, x.storage(), x.layout(), a, b);
        Tensor out = Tensor.fresh(result, x.shape(), x.backend());
        return out.recordedAs(new Op.Unary(op, x, out, a, b));
    }

    static Tensor binary(BinaryOp op, Tensor x, Tensor y) {
        String name = name(op);
        checkSameDevice(name, x, y);
        DType type = DType.promote(x.dtype(), y.dtype());
        if (type == DType.BOOL) type = DType.I64;
        if (op == BinaryOp.DIV && !type.isFloating()) type = DType.F32;
        Tensor a = x.to(type), b = y.to(type);
        Shape shape = Shape.broadcast(name, a.shape(), b.shape());
        Backend backend = a.backend();
        Storage result = backend.binary(op, a.storage(), a.layout().broadcastTo(shape, name), b.storage(), b.layout().broadcastTo(shape, name));
        Tensor out = Tensor.fresh(result, shape, backend);
        return out.recordedAs(new Op.Binary(op, a, b, out));
    }

    static Tensor compare(CompareOp op, Tensor x, Tensor y) {
        String name = name(op);
        checkSameDevice(name, x, y);
        DType type = DType.promote(x.dtype(), y.dtype());
        Tensor a = x.to(type), b = y.to(type);
        Shape shape = Shape.broadcast(name, a.shape(), b.shape());
        Storage result = a.backend().compare(op, a.storage(), a.layout().broadcastTo(shape, name), b.storage(), b.layout().broadcastTo(shape, name));
        return Tensor.fresh(result, shape, a.backend());
    }

    static Tensor where(Tensor cond, Tensor x, Tensor y) {
        checkSameDevice("where", cond, x, y);
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be BOOL, got " + cond.dtype() + " (compare first, e.g. x.gt(0))");
        }
        DType type = DType.promote(x.dtype(), y.dtype());
        Tensor a = x.to(type), b = y.to(type);
        Shape shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        Storage result = a.backend().where(cond.storage(), cond.layout().broadcastTo(shape, "where"),
                a.storage(), a.layout().broadcastTo(shape, "where"), b.storage(), b.layout().broadcastTo(shape, "where"));
        Tensor out = Tensor.fresh(result, shape, a.backend());
        return out.recordedAs(new Op.Where(cond, a, b));
    }

    /**
     * ReLU's gradient {@code x <= 0 ? 0 : grad} in one backend pass (grad and x share shape, dtype and backend). A
     * recorded op, so that gradients of gradients flow through it.
     */
    static Tensor reluBackward(Tensor grad, Tensor x) {
        Backend b = x.backend();
        Tensor out = Tensor.fresh(b.reluBackward(grad.storage(), grad.layout(), x.storage(), x.layout()), x.shape(), b);
        return out.recordedAs(new Op.ReluBackward(grad, x));
    }

    /**
     * ReLU's gradient written over {@code grad} (same shape, dtype and backend as x): for a gradient the autograd engine
     * donated to a rule, which nothing reads again. Not recorded; returns grad.
     */
    static Tensor reluBackwardInPlace(Tensor grad, Tensor x) {
        x.backend().reluBackwardInPlace(grad.storage(), grad.layout(), x.storage(), x.layout());
        grad.bumpVersion();
        return grad;
    }

    /**
     * GELU's gradient {@code grad * gelu'(x)} (the tanh approximation's with {@code tanh}) in one backend pass (grad and
     * x share shape, dtype and backend). A recorded op, so that gradients of gradients flow through it.
     */
    static Tensor geluBackward(Tensor grad, Tensor x, boolean tanh) {
        Backend b = x.backend();
        Tensor out = Tensor.fresh(b.geluBackward(grad.storage(), grad.layout(), x.storage(), x.layout(), tanh), x.shape(), b);
        return out.recordedAs(new Op.GeluBackward(grad, x, tanh));
    }
}
