package io.jgrad;

import io.jgrad.backend.AdamStep;

/**
 * In-place optimizer updates done by one fused backend op ({@link io.jgrad.backend.Backend#adamUpdate}) instead of a
 * chain of tensor ops with full-size temporaries. They write parameters and optimizer state, so they run with grad
 * mode off (as {@code Optimizer.step} does) and bump the version counters like any in-place op.
 */
public final class FusedUpdates {
    private FusedUpdates() {}

    /**
     * One Adam step: {@code m} and {@code v} (the first and second moment, shaped like the parameter) are updated
     * from {@code grad}, then the parameter. All four must share shape, dtype and device.
     */
    public static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep step) {
        for (Tensor t : new Tensor[] {grad, m, v}) {
            if (!t.shape().equals(param.shape()) || t.dtype() != param.dtype()) {
                throw new IllegalArgumentException("adam update: a tensor of shape " + t.shape() + " and dtype " + t.dtype()
                        + " does not match the parameter's shape " + param.shape() + " and dtype " + param.dtype());
            }
        }
        if (!param.dtype().isFloating()) throw new IllegalArgumentException("adam update: parameter dtype " + param.dtype() + " is not floating");
        Elementwise.checkSameDevice("adam update", param, grad, m, v);
        for (Tensor t : new Tensor[] {param, m, v}) InPlace.checkWritable("adam update", t);
        if (m.storage() == v.storage() || m.storage() == param.storage() || v.storage() == param.storage()) {
            throw new IllegalArgumentException("adam update: the parameter and its two moments must not share storage");
        }
        param.backend().adamUpdate(step, param.storage(), param.layout(), grad.storage(), grad.layout(),
                m.storage(), m.layout(), v.storage(), v.layout());
        param.bumpVersion();
        m.bumpVersion();
        v.bumpVersion();
    }
}
