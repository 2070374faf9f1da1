package io.jgrad.optim;

import io.jgrad.Tensor;

import java.util.List;

/**
 * Parameters that share a learning rate and weight decay. An unset value (NaN) takes the optimizer's default when
 * the optimizer is built. The learning rate changes during training (schedules set it); {@link #initialLr} keeps the
 * starting value that schedules scale.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private double lr = Double.NaN;
    private double initialLr = Double.NaN;
    private double weightDecay = Double.NaN;

    public ParamGroup(List<Tensor> params) {
        if (params == null || params.isEmpty()) throw new IllegalArgumentException("ParamGroup: no parameters (layers that size themselves from their "
                + "first input, such as Dense.of(n), have none until then: call model.build(inputShape) first)");
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException("ParamGroup: parameter " + i + " is null");
            if (!p.dtype().isFloating()) throw new IllegalArgumentException("ParamGroup: parameter " + i + " is " + p.dtype() + ", not floating point");
        }
        this.params = List.copyOf(params);
    }

    public static ParamGroup of(List<Tensor> params) { return new ParamGroup(params); }

    public List<Tensor> params() { return params; }

    public double lr() { return lr; }

    /** Sets this group's learning rate; the first value set is also its initial learning rate. Returns this. */
    public ParamGroup lr(double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + value);
        }
        lr = value;
        if (Double.isNaN(initialLr)) initialLr = value;
        return this;
    }

    public double initialLr() { return initialLr; }

    public double weightDecay() { return weightDecay; }

    public ParamGroup weightDecay(double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + value);
        }
        weightDecay = value;
        return this;
    }

    /** Fills unset values from the optimizer's defaults. */
    void defaults(double defaultLr, double defaultWeightDecay) {
        if (Double.isNaN(lr)) lr(defaultLr);
        if (Double.isNaN(weightDecay)) weightDecay(defaultWeightDecay);
    }

    void setInitialLr(double value) { initialLr = value; }
}
