package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.backend.BinaryOp;

/** In-place writes: checked against autograd and broadcast views, and counted by the version counter. */
final class InPlace {
    private InPlace() {}

    static void checkWritable(String op, Tensor t) {
        if (Grad.isEnabled() && t.requiresGrad()) {
            throw new IllegalStateException(op + ": in-place write to a tensor that requires grad (shape " + t.shape()
                    + "); do it inside try (var g = Grad.off()) { ... } or on a detached copy");
        }
        int[] strides = t.layout().strides();
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] == 0 && t.dim(i) > 1) {
                throw new IllegalStateException(op + ": in-place write to an expanded (broadcast) view of shape " + t.shape()
                        + ": several elements share one memory location; call contiguous() first");
            }
        }
    }

    static Tensor binary(BinaryOp op, Tensor t, Tensor other) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT) + "InPlace";
        checkWritable(name, t);
        Elementwise.checkSameDevice(name, t, other);
        if (other.dtype().isFloating() && !t.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": a " + other.dtype() + " operand would be truncated into a "
                    + t.dtype() + " tensor; convert with to(dtype) first");
        }
        if (op == BinaryOp.DIV && !t.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": true division cannot be stored in a " + t.dtype() + " tensor");
        }
        Tensor o = other.detach().to(t.dtype());
        t.backend().binaryInPlace(op, t.storage(), t.layout(), o.storage(), o.layout().broadcastTo(t.shape(), name));
        t.bumpVersion();
        return t;
    }

    static Tensor assign(Tensor t, Tensor src) {
        checkWritable("copyFrom", t);
        Elementwise.checkSameDevice("copyFrom", t, src);
        // A source sharing the destination's storage may overlap it: read it fully before writing.
        if (src.storage() == t.storage()) src = src.detach().contiguousCopy();
        t.backend().assign(t.storage(), t.layout(), src.storage(), src.layout().broadcastTo(t.shape(), "copyFrom"));
        t.bumpVersion();
        return t;
    }
}
