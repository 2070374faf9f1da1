package io.jgrad.train;

import io.jgrad.DType;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

import java.util.List;

/**
 * Catches gradients that are not finite (a NaN or an infinity) while the loss is, and updates that overflow the
 * weights: the loss check alone lets such a step turn the weights into NaN and training go on. It watches two
 * signals, read as rarely as {@link EpochLoss} reads the loss:
 * <ul>
 *   <li>the global gradient norm that clipping by norm computes anyway ({@link Trainer.Builder#clipGradNorm}): on host
 *       memory it is read at once, so a non-finite norm stops training before the update; on a device the norms are
 *       noted there and read with the loss, about once a second;</li>
 *   <li>the weights themselves, about once a second and at the end of each epoch, with or without clipping.</li>
 * </ul>
 * A weight is checked as {@code sum(0 * w)}, which is 0 when every value is finite and NaN otherwise.
 */
final class FiniteWatch {
    /** What turns finite weights into non-finite ones while the loss stays finite. */
    private static final String UPDATE_CAUSE = "an update since made them so (a gradient that was not finite, or a "
            + "step too large for the weights' range)";

    private final int epoch;
    private final List<Tensor> weights;
    private final Boolean everyBatch; // null: decided by the norm's device, as EpochLoss decides for the loss
    private Tensor pending;           // on a device: the sum of 0 * norm since the last check (NaN: one was not finite)
    private boolean unread;
    private int firstUnchecked = 1;   // the first batch (1-based) whose update is not yet known to be finite

    FiniteWatch(int epoch, List<Tensor> weights, Boolean everyBatch) {
        this.epoch = epoch;
        this.weights = weights;
        this.everyBatch = everyBatch;
    }

    /** Notes batch {@code batch}'s (1-based) gradient norm before its update; on host memory, checks it now. */
    void gradientNorm(Tensor norm, int batch) {
        if (everyBatch != null ? everyBatch : norm.device().type().equals("cpu")) {
            double value = norm.item();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("epoch " + epoch + ", batch " + batch + ": the gradient norm is "
                        + value + " while the loss is finite; the weights were left as they were before this batch");
            }
            return;
        }
        Tensor flag = norm.detach().mul(0).to(DType.F64);
        // One running scalar, added to in place: it outlives the trainer's per-step scopes.
        if (pending == null) pending = Scope.escape(flag.newZeros());
        pending.addInPlace(flag);
        unread = true;
    }

    /**
     * What the check after a batch reads, without reading it: a 0-d tensor where the weights are, 0 when the weights
     * and the gradient norms noted since the last check are all finite, else NaN. Read it together with the loss
     * ({@link EpochLoss#mean(Tensor, java.util.function.DoubleConsumer)}) and hand the value to {@link #verify}.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    Tensor flag() {
        try (var g = Grad.off()) {
            Tensor total = unread ? pending.detach() : null;
            for (Tensor w : weights) {
                Tensor part = w.detach().mul(0).sum().to(DType.F64);
                total = total == null ? part : total.add(part);
            }
            return total;
        }
    }

    /**
     * After batch {@code batch} (1-based), given {@link #flag}'s value: throws, with the batches since the previous
     * check, when a gradient norm or a weight was not finite (then it reads again, to say which).
     */
    void verify(double flagValue, int batch) {
        if (batch < firstUnchecked) return; // nothing has changed since the last check
        String batches = firstUnchecked == batch ? "batch " + batch : "batches " + firstUnchecked + "-" + batch;
        if (!Double.isFinite(flagValue)) {
            if (unread && !Double.isFinite(pending.item())) {
                throw new IllegalStateException("epoch " + epoch + ", " + batches + ": a gradient norm was not finite "
                        + "while the loss was; on this device the norm is read about once a second, not per batch, so "
                        + "these batches updated the weights, which may no longer be finite");
            }
            throw new IllegalStateException("epoch " + epoch + ", " + batches + ": the weights are no longer finite "
                    + "(NaN or infinite) while the loss was: " + UPDATE_CAUSE + " (Trainer.Builder.clipGradNorm checks "
                    + "the gradient norm before each update)");
        }
        if (unread) {
            pending.zero();
            unread = false;
        }
        firstUnchecked = batch + 1;
    }

    /**
     * {@code lossError} (a non-finite loss at batch {@code batch}) explained when the weights were already not finite:
     * then an earlier batch's gradient was not finite while its loss was, and the error's "the weights were left as
     * they were" would hide it.
     */
    RuntimeException explain(RuntimeException lossError, int batch) {
        if (weightsFinite()) return lossError;
        if (batch == 1) {
            return new IllegalStateException("epoch " + epoch + ", batch 1: the loss is not finite because the weights "
                    + "were not finite (NaN or infinite) before the epoch began", lossError);
        }
        String batches = firstUnchecked >= batch - 1 ? "batch " + (batch - 1)
                : "batches " + firstUnchecked + "-" + (batch - 1);
        return new IllegalStateException("epoch " + epoch + ", batch " + batch + ": the loss is not finite because the "
                + "weights already were not (NaN or infinite), while the loss of " + batches + " was: "
                + UPDATE_CAUSE, lossError);
    }

    @SuppressWarnings("try") // the scopes are closed, not read
    private boolean weightsFinite() {
        try (Scope reads = Scope.open(); var g = Grad.off()) {
            Tensor total = null;
            for (Tensor w : weights) {
                Tensor part = w.detach().mul(0).sum();
                total = total == null ? part : total.add(part);
            }
            return total == null || total.item() == 0;
        }
    }

    /** Releases the device's running flag. */
    void close() {
        if (pending != null) pending.storage().close();
        pending = null;
    }
}
