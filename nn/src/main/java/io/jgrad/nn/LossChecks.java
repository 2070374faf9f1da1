package io.jgrad.nn;

import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.HostStorage;

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

    /**
     * Checks that every value of {@code t} is a probability in [0, 1] (NaN is not), when {@code t} is in host memory,
     * where reading it costs one pass and no transfer. On a device backend this would be a read back per training
     * step, so it is skipped there: values outside [0, 1] then give a NaN loss.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    static void probabilitiesOnHost(String loss, String what, Tensor t) {
        if (t.numel() == 0 || !(t.storage() instanceof HostStorage)) return;
        double low, high;
        try (var g = Grad.off()) {
            Tensor values = t.detach();
            low = values.min().item();
            high = values.max().item();
        }
        if (!(low >= 0 && high <= 1)) {
            double bad = Double.isNaN(low) || Double.isNaN(high) ? Double.NaN : low < 0 ? low : high;
            throw new IllegalArgumentException(loss + ": every " + what + " must be in [0, 1], found " + bad
                    + (what.equals("input") ? " (BCELoss takes probabilities; for logits use BCEWithLogitsLoss)" : ""));
        }
    }
}
