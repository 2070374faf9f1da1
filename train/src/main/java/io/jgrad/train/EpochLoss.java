package io.jgrad.train;

import io.jgrad.DType;
import io.jgrad.Scope;
import io.jgrad.Tensor;

import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The loss summed over an epoch's batches (each weighted by its size), read back as rarely as its device allows.
 * Where tensor memory is host memory (device type {@code cpu}) reading a scalar costs nothing, so each batch's loss
 * is read when it is added, and a non-finite one stops training before the weights are updated. On other devices
 * each read waits for the device to finish its queued work, so the losses are summed there and read by
 * {@link #mean()}: when the trainer refreshes its progress, about once a second, and at the end of the epoch. A
 * non-finite loss then stops training at that read, with a message naming the batches since the previous one, whose
 * updates were applied.
 */
final class EpochLoss {
    private final int epoch;          // for messages; 0 in evaluation, where a non-finite loss is a result, not an error
    private final Boolean everyBatch; // null: decided by the loss's device
    private double sum;
    private Tensor pending;           // F64 scalar on the device: the sum since the last read
    private boolean unread;           // whether pending holds losses not yet read
    private long seen;
    private int batches;              // batches added
    private int checked;              // batches whose loss is known to be finite

    EpochLoss(int epoch, Boolean everyBatch) {
        this.epoch = epoch;
        this.everyBatch = everyBatch;
    }

    /** Adds a batch's loss (a scalar) for {@code n} examples; read now on host memory, and checked when training. */
    void add(Tensor loss, int n) {
        if (everyBatch != null ? everyBatch : loss.device().type().equals("cpu")) {
            double value = loss.item();
            if (epoch > 0 && !Double.isFinite(value)) {
                throw new IllegalStateException("epoch " + epoch + ", batch " + (batches + 1) + ": loss is " + value
                        + "; the weights were left as they were before this batch");
            }
            sum += value * n;
            checked = batches + 1;
        } else {
            Tensor weighted = loss.detach().to(DType.F64).mul(n);
            // One running scalar, added to in place: it outlives the trainer's per-step scopes.
            if (pending == null) pending = Scope.escape(weighted.newZeros());
            pending.addInPlace(weighted);
            unread = true;
        }
        seen += n;
        batches++;
    }

    /** The mean loss so far (NaN before the first batch), reading the device's sum if there is one. */
    double mean() { return mean(null, null); }

    /**
     * {@link #mean()}, reading {@code flag} (a 0-d tensor where the losses are) in the same transfer as the device's
     * sum, so that a second once-a-second check costs no second wait for the device, and handing its value to
     * {@code flagValue} once the loss is known to be finite.
     */
    double mean(Tensor flag, DoubleConsumer flagValue) {
        double flagRead = 0;
        if (unread) {
            double part;
            if (flag == null) {
                part = pending.item();
            } else {
                double[] both = Tensor.stack(List.of(pending, flag.to(DType.F64)), 0).toDoubleArray();
                part = both[0];
                flagRead = both[1];
            }
            pending.zero();
            unread = false;
            if (epoch > 0 && !Double.isFinite(part)) {
                throw new IllegalStateException("epoch " + epoch + ", batches " + (checked + 1) + "-" + batches + ": loss is "
                        + part + "; on this device the loss is read about once a second, not per batch, so these batches "
                        + "updated the weights, which may no longer be finite");
            }
            sum += part;
            checked = batches;
        } else if (flag != null) {
            flagRead = flag.item();
        }
        if (flagValue != null) flagValue.accept(flagRead);
        return seen == 0 ? Double.NaN : sum / seen;
    }

    long seen() { return seen; }

    /** Releases the device's running sum. */
    void close() {
        if (pending != null) pending.storage().close();
        pending = null;
    }
}
