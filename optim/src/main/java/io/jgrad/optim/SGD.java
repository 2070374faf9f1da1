package io.jgrad.optim;

import io.jgrad.Scope;
import io.jgrad.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (heavy ball or Nesterov) and dampening, as PyTorch's SGD: the
 * first momentum step sets {@code buf = grad}; later {@code buf = momentum * buf + (1 - dampening) * grad}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;

    public SGD(List<Tensor> params, double lr) { this(builder(params).lr(lr)); }

    private SGD(Builder b) {
        super(b);
        checkNonNegative("momentum", b.momentum);
        checkNonNegative("dampening", b.dampening);
        if (b.nesterov && (b.momentum <= 0 || b.dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + b.momentum + " and dampening " + b.dampening);
        }
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
    }

    public static Builder builder(List<Tensor> params) { return new Builder().params(params); }

    /** A builder without parameters; add them with {@code params(...)} or {@code group(...)}. */
    public static Builder builder() { return new Builder(); }

    @Override
    protected void update(ParamGroup group, Tensor p, Tensor grad, Map<String, Tensor> state, long step) {
        double lr = group.lr();
        if (momentum == 0) {
            p.addInPlace(grad.mul(-lr));
            return;
        }
        Tensor buf = state.get("momentum_buffer");
        if (buf == null) {
            buf = Scope.escape(Tensor.zerosLike(p).copyFrom(grad));
            state.put("momentum_buffer", buf);
        } else {
            buf.mulInPlace(momentum).addInPlace(grad, 1 - dampening);
        }
        // One temporary either way: the scaled step direction.
        p.addInPlace(nesterov ? buf.mul(momentum).addInPlace(grad).mulInPlace(-lr) : buf.mul(-lr));
    }

    public static final class Builder extends Optimizer.Builder<Builder> {
        private double momentum;
        private double dampening;
        private boolean nesterov;

        private Builder() { super(0.01); }

        public Builder momentum(double value) {
            momentum = value;
            return this;
        }

        public Builder dampening(double value) {
            dampening = value;
            return this;
        }

        public Builder nesterov(boolean value) {
            nesterov = value;
            return this;
        }

        public SGD build() { return new SGD(this); }
    }
}
