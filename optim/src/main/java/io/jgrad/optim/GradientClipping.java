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
            Tensor total = powerSum(params, normType);
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

    /**
     * {@link #clipByNorm(List, double)} (the global L2 norm) without reading anything back: the norm and the
     * scaling factor {@code min(1, maxNorm / (norm + 1e-6))} stay tensors where the gradients are, so on a GPU the
     * step does not wait for the device (PyTorch's {@code clip_grad_norm_} does the same). Every gradient is
     * multiplied by the factor, which is 1 when the norm is within {@code maxNorm}. A gradient that is not finite
     * makes the norm, and so every clipped gradient, NaN or infinite. Returns the norm before clipping, a 0-d F64
     * tensor, or null when no parameter has a gradient.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public static Tensor clipByNormOnDevice(List<Tensor> params, double maxNorm) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipByNorm: maxNorm must be >= 0, got " + maxNorm);
        try (var g = Grad.off()) {
            Tensor total = powerSum(params, 2);
            if (total == null) return null;
            Tensor norm = total.sqrt();
            Tensor coef = norm.add(1e-6).reciprocal().mul(maxNorm).clamp(Double.NEGATIVE_INFINITY, 1);
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad != null) p.setGrad(grad.mul(coef.to(grad.dtype())));
            }
            return norm;
        }
    }

    /**
     * The sum over all gradient elements of {@code |g|^normType} (the largest {@code |g|} for the infinity norm), in
     * F64 where the gradients are; null when no parameter has a gradient.
     */
    private static Tensor powerSum(List<Tensor> params, double normType) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            Tensor a = normType == 2 ? grad.to(DType.F64) : grad.abs().to(DType.F64); // squares need no abs
            Tensor part;
            if (normType == Double.POSITIVE_INFINITY) part = a.numel() == 0 ? a.newFull(0) : a.max();
            else if (normType == 1) part = a.sum();
            else if (normType == 2) part = a.square().sum();
            else part = a.pow(normType).sum();
            total = total == null ? part : normType == Double.POSITIVE_INFINITY ? total.maximum(part) : total.add(part);
        }
        return total;
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
