package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

import java.util.List;

/**
 * Gradient clipping, as PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_}. Clipped gradients are new
 * tensors set with {@link Tensor#setGrad}: a gradient tensor may be shared by several parameters, so scaling it in
 * place could scale it twice.
 */
public final class GradientClipping {
    private GradientClipping() {}

    /** Scales all gradients together so their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    public static double clipByNorm(List<Tensor> params, double maxNorm) { return clipByNorm(params, maxNorm, 2.0); }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when that is below 1, where {@code total} is the
     * {@code normType}-norm of all gradient elements together ({@code Double.POSITIVE_INFINITY}: the largest absolute
     * value). Parameters without a gradient are skipped. Returns the total norm before clipping.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public static double clipByNorm(List<Tensor> params, double maxNorm, double normType) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipByNorm: maxNorm must be >= 0, got " + maxNorm);
        if (!(normType > 0)) throw new IllegalArgumentException("clipByNorm: normType must be > 0, got " + normType);
        try (var g = Grad.off()) {
            Tensor total = null;
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Tensor a = grad.abs().to(DType.F64);
                Tensor part;
                if (normType == Double.POSITIVE_INFINITY) part = a.numel() == 0 ? a.newFull(0) : a.max();
                else if (normType == 1) part = a.sum();
                else if (normType == 2) part = a.square().sum();
                else part = a.pow(normType).sum();
                total = total == null ? part : normType == Double.POSITIVE_INFINITY ? total.maximum(part) : total.add(part);
            }
            if (total == null) return 0;
            double sum = total.item();
            double norm = normType == Double.POSITIVE_INFINITY || normType == 1 ? sum
                    : normType == 2 ? Math.sqrt(sum) : Math.pow(sum, 1 / normType);
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1) {
                for (Tensor p : params) if (p.grad() != null) p.setGrad(p.grad().mul(coef));
            }
            return norm;
        }
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]}. */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public static void clipByValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipByValue: clipValue must be >= 0, got " + clipValue);
        try (var g = Grad.off()) {
            for (Tensor p : params) if (p.grad() != null) p.setGrad(p.grad().clamp(-clipValue, clipValue));
        }
    }
}
