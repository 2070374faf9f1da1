package io.jgrad.optim;

import io.jgrad.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with optional AMSGrad, as PyTorch's: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}; AMSGrad uses the running maximum of v.
 * {@code weightDecay} is an L2 term unless decoupled (that is {@link AdamW}).
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;

    public Adam(List<Tensor> params, double lr) { this(builder(params).lr(lr)); }

    Adam(Builder b) {
        super(b);
        if (!(b.beta1 >= 0 && b.beta1 < 1) || !(b.beta2 >= 0 && b.beta2 < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), got (" + b.beta1 + ", " + b.beta2 + ")");
        }
        checkNonNegative("eps", b.eps);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.amsgrad = b.amsgrad;
    }

    public static Builder builder(List<Tensor> params) { return new Builder(false).params(params); }

    public static Builder builder() { return new Builder(false); }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state, long step) {
        Tensor m = stateLike(state, "exp_avg", p, 0);
        Tensor v = stateLike(state, "exp_avg_sq", p, 0);
        // Few temporaries: each full-size intermediate is scaled in place before it is added.
        m.mulInPlace(beta1).addInPlace(grad, 1 - beta1);
        v.mulInPlace(beta2).addInPlace(scaledProduct(grad, grad, 1 - beta2));
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        Tensor second = v;
        if (amsgrad) {
            Tensor vMax = stateLike(state, "max_exp_avg_sq", p, 0);
            vMax.copyFrom(vMax.maximum(v));
            second = vMax;
        }
        Tensor denom = addScalarInPlace(second.sqrt().mulInPlace(1 / bias2Sqrt), eps);
        p.addInPlace(m.div(denom).mulInPlace(-group.lr() / bias1));
    }

    public static final class Builder extends Optimizer.Builder<Builder> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private boolean amsgrad;
        private final boolean adamW;

        Builder(boolean adamW) {
            super(1e-3);
            this.adamW = adamW;
            if (adamW) {
                weightDecay(0.01);
                decoupledWeightDecay(true);
            }
        }

        public Builder betas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        public Builder amsgrad(boolean value) {
            amsgrad = value;
            return this;
        }

        public Adam build() { return adamW ? new AdamW(this) : new Adam(this); }
    }
}
