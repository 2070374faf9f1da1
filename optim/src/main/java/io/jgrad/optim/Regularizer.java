package io.jgrad.optim;

import io.jgrad.Tensor;

import java.util.List;

/**
 * A penalty on parameter values to add to the loss, so it works with any optimizer:
 * {@code loss = loss.add(Regularizer.l1(1e-4).penalty(model.parameters()))}. The L2 penalty is
 * {@code lambda * sum(p^2)} (Keras' convention); it has the gradient of PyTorch's {@code weight_decay = 2 lambda}.
 */
@FunctionalInterface
public interface Regularizer {
    /** The penalty as a 0-d tensor that records the graph (differentiable in the parameters). */
    Tensor penalty(List<Tensor> params);

    /** {@code lambda * sum |p|}. */
    static Regularizer l1(double lambda) { return params -> sum(params, lambda, true); }

    /** {@code lambda * sum p^2}. */
    static Regularizer l2(double lambda) { return params -> sum(params, lambda, false); }

    /** {@code l1 * sum |p| + l2 * sum p^2}. */
    static Regularizer l1l2(double l1, double l2) {
        return params -> l1(l1).penalty(params).add(l2(l2).penalty(params));
    }

    private static Tensor sum(List<Tensor> params, double lambda, boolean absolute) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("regularization strength must be >= 0, got " + lambda);
        if (params.isEmpty()) throw new IllegalArgumentException("penalty: no parameters");
        Tensor total = null;
        for (Tensor p : params) {
            Tensor part = (absolute ? p.abs() : p.square()).sum();
            total = total == null ? part : total.add(part);
        }
        return total.mul(lambda);
    }
}
