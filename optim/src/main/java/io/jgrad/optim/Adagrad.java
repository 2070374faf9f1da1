package io.jgrad.optim;

import io.jgrad.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adagrad as PyTorch's: {@code sum += g^2}, {@code p -= clr g / (sqrt(sum) + eps)} with
 * {@code clr = lr / (1 + (t - 1) lrDecay)} at step t (from 1).
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double initialAccumulator;
    private final double eps;

    public Adagrad(List<Tensor> params, double lr) { this(builder(params).lr(lr)); }

    private Adagrad(Builder b) {
        super(b);
        checkNonNegative("lr decay", b.lrDecay);
        checkNonNegative("initial accumulator value", b.initialAccumulator);
        checkNonNegative("eps", b.eps);
        this.lrDecay = b.lrDecay;
        this.initialAccumulator = b.initialAccumulator;
        this.eps = b.eps;
    }

    public static Builder builder(List<Tensor> params) { return new Builder().params(params); }

    public static Builder builder() { return new Builder(); }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state, long step) {
        Tensor sum = stateLike(state, "sum", p, initialAccumulator);
        double clr = group.lr() / (1 + (step - 1) * lrDecay);
        sum.addInPlace(grad.mul(grad));
        Tensor std = addScalarInPlace(sum.sqrt(), eps);
        p.addInPlace(grad.div(std).mulInPlace(-clr));
    }

    public static final class Builder extends Optimizer.Builder<Builder> {
        private double lrDecay;
        private double initialAccumulator;
        private double eps = 1e-10;

        private Builder() { super(0.01); }

        public Builder lrDecay(double value) {
            lrDecay = value;
            return this;
        }

        public Builder initialAccumulatorValue(double value) {
            initialAccumulator = value;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        public Adagrad build() { return new Adagrad(this); }
    }
}
