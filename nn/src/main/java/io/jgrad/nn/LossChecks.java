package io.jgrad.nn;

import io.jgrad.Tensor;

/** Argument checks shared by the losses, with messages that name the loss and the shapes. */
final class LossChecks {
    private LossChecks() {}

    static void sameShape(String loss, Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": prediction shape " + prediction.shape() + " and target shape "
                    + target.shape() + " differ");
        }
        floating(loss, "prediction", prediction);
    }

    static void floating(String loss, String what, Tensor t) {
        if (!t.dtype().isFloating()) throw new IllegalArgumentException(loss + ": " + what + " must be floating point, got " + t.dtype());
    }
}
