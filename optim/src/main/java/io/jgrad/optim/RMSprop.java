package io.jgrad.optim;

import io.jgrad.Tensor;

import java.util.List;
import java.util.Map;

/**
 * RMSprop as PyTorch's: {@code v = alpha v + (1-alpha) g^2}; the step divides by {@code sqrt(v) + eps}, or with
 * {@code centered} by {@code sqrt(v - mean(g)^2) + eps}; with momentum {@code buf = momentum buf + g / denom} and
 * {@code p -= lr buf}.
 */
public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double momentum;
    private final boolean centered;

    public RMSprop(List<Tensor> params, double lr) { this(builder(params).lr(lr)); }

    private RMSprop(Builder b) {
        super(b);
        if (!(b.alpha >= 0 && b.alpha <= 1)) throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1], got " + b.alpha);
        checkNonNegative("eps", b.eps);
        checkNonNegative("momentum", b.momentum);
        this.alpha = b.alpha;
        this.eps = b.eps;
        this.momentum = b.momentum;
        this.centered = b.centered;
    }

    public static Builder builder(List<Tensor> params) { return new Builder().params(params); }

    public static Builder builder() { return new Builder(); }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state, long step) {
        Tensor sq = stateLike(state, "square_avg", p, 0);
        sq.mulInPlace(alpha).addInPlace(scaledProduct(grad, grad, 1 - alpha));
        Tensor avg;
        if (centered) {
            Tensor gAvg = stateLike(state, "grad_avg", p, 0);
            gAvg.mulInPlace(alpha).addInPlace(grad, 1 - alpha);
            avg = sq.sub(gAvg.square()).sqrt();
        } else {
            avg = sq.sqrt();
        }
        addScalarInPlace(avg, eps);
        if (momentum > 0) {
            Tensor buf = stateLike(state, "momentum_buffer", p, 0);
            buf.mulInPlace(momentum).addInPlace(grad.div(avg));
            p.addInPlace(buf, -group.lr());
        } else {
            p.addInPlace(grad.div(avg).mulInPlace(-group.lr()));
        }
    }

    public static final class Builder extends Optimizer.Builder<Builder> {
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double momentum;
        private boolean centered;

        private Builder() { super(0.01); }

        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        public Builder centered(boolean value) {
            centered = value;
            return this;
        }

        public RMSprop build() { return new RMSprop(this); }
    }
}
