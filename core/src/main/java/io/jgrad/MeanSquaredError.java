package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.Storage;

/**
 * The mean squared error loss ({@link F#mseLoss}): one recorded op whose forward is one backend pass
 * ({@link Backend#squaredError}, or {@link Backend#squaredErrorSum} for MEAN and SUM) and whose backward is one more
 * per input that needs a gradient ({@link Backend#squaredErrorBackward}), where {@code (prediction - target).square()}
 * and a reduction make three passes, two full-size temporaries and two more in backward.
 *
 * <p>It computes what that composition computes, element for element: the mean is the sum divided by the element
 * count in the loss's dtype; the prediction's gradient is {@code (g' * (prediction - target)) * 2} with g' the
 * upstream gradient (divided by the count for MEAN, as the mean's rule does), the target's its exact negation. Only the
 * order in which a sum adds its squares may differ: see the backend's {@code squaredErrorSum}.
 *
 * <p>Double backward: under {@code createGraph} the rule composes the same formula from differentiable tensor ops.
 */
final class MeanSquaredError {
    private static final String OP = "mse_loss";

    private MeanSquaredError() {}

    static Tensor forward(Tensor prediction, Tensor target, LossReduction reduction) {
        check(prediction, target, reduction);
        DType type = DType.promote(prediction.dtype(), target.dtype());
        Tensor p = prediction.to(type), t = target.to(type);
        Backend b = p.backend();
        Tensor out = reduction == LossReduction.NONE
                ? Tensor.fresh(b.squaredError(p.storage(), p.layout(), t.storage(), t.layout()), p.shape(), b)
                : Tensor.fresh(reduced(b, p, t, reduction), Shape.scalar(), b);
        return out.recordedAs(new Op.MseLoss(p, t, reduction));
    }

    /** The sum of the squares, divided for MEAN by the element count as {@code sum().div(count)} divides it. */
    private static Storage reduced(Backend b, Tensor p, Tensor t, LossReduction reduction) {
        Storage sum = b.squaredErrorSum(p.storage(), p.layout(), t.storage(), t.layout());
        if (reduction == LossReduction.SUM) return sum;
        Layout scalar = Layout.contiguous(Shape.scalar());
        try (sum; Storage count = b.full(p.dtype(), 1, p.numel())) {
            return b.binary(BinaryOp.DIV, sum, scalar, count, scalar);
        }
    }

    private static void check(Tensor prediction, Tensor target, LossReduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(OP + ": reduction must not be null");
        Elementwise.checkSameDevice(OP, prediction, target);
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(OP + ": prediction shape " + prediction.shape() + " and target shape "
                    + target.shape() + " differ");
        }
        if (!DType.promote(prediction.dtype(), target.dtype()).isFloating()) {
            throw new IllegalArgumentException(OP + ": needs a floating-point prediction or target, got "
                    + prediction.dtype() + " and " + target.dtype());
        }
    }

    /**
     * The gradients of prediction and target (null where not required) given the loss's gradient g: the backend's
     * fused pass for each, or under recording (double backward) the same formula in differentiable tensor ops.
     */
    static Tensor[] gradients(Op.MseLoss op, Tensor g) {
        Tensor p = op.prediction(), t = op.target();
        Tensor upstream = op.reduction() == LossReduction.MEAN ? g.div(p.numel()) : g;
        boolean forP = p.requiresGrad(), forT = t.requiresGrad();
        if (Grad.isEnabled() || upstream.dtype() != p.dtype() || upstream.backend() != p.backend()) {
            Tensor gp = upstream.mul(p.sub(t)).mul(2);
            return new Tensor[] {forP ? gp : null, forT ? gp.neg() : null};
        }
        return new Tensor[] {forP ? fused(upstream, p, t) : null, forT ? fused(upstream, t, p) : null};
    }

    /** {@code (g * (x - y)) * 2} in one backend pass, g read broadcast to x's shape. */
    private static Tensor fused(Tensor g, Tensor x, Tensor y) {
        Backend b = x.backend();
        Layout gLayout = g.layout().broadcastTo(x.shape(), OP);
        Storage result = b.squaredErrorBackward(g.storage(), gLayout, x.storage(), x.layout(), y.storage(), y.layout());
        return Tensor.fresh(result, x.shape(), b);
    }
}
