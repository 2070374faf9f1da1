package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Tensor;

import java.util.Arrays;

/**
 * Root-mean-square normalization over the last dimensions ({@code normalizedShape}), as PyTorch's {@code nn.RMSNorm}
 * (2.4+): {@code x / sqrt(mean(x^2) + eps)}, times an optional learned {@code weight} (ones). Without an eps (null)
 * it is the machine epsilon of the input's dtype ({@code torch.finfo(x.dtype).eps}: 2^-23 for F32, 2^-52 for F64).
 */
public final class RMSNorm extends Module {
    private final int[] normalizedShape;
    private final Double eps;

    /** eps from the input's dtype, with a learned weight. */
    public RMSNorm(int... normalizedShape) { this(normalizedShape, null, true); }

    /**
     * @param eps added to the mean square; null for the machine epsilon of the input's dtype
     * @param elementwiseAffine whether the layer has the learned {@code weight}
     */
    public RMSNorm(int[] normalizedShape, Double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("RMSNorm: normalizedShape is empty");
        for (int d : normalizedShape) {
            if (d <= 0) throw new IllegalArgumentException("RMSNorm: normalizedShape " + Arrays.toString(normalizedShape) + " has a size <= 0");
        }
        if (eps != null && !(eps >= 0)) throw new IllegalArgumentException("RMSNorm: eps must be >= 0, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (elementwiseAffine) registerParameter("weight", Tensor.ones(DType.F32, normalizedShape));
    }

    /** The normalized trailing dimensions (a copy). */
    public int[] normalizedShape() { return normalizedShape.clone(); }

    /** The eps, or null for the input dtype's machine epsilon. */
    public Double eps() { return eps; }

    /** Whether the layer has the learned {@code weight}. */
    public boolean isAffine() { return parameter("weight") != null; }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        int[] tail = x.rank() < k ? x.dims() : Arrays.copyOfRange(x.dims(), x.rank() - k, x.rank());
        if (!Arrays.equals(tail, normalizedShape)) {
            throw new IllegalArgumentException("RMSNorm: input shape " + x.shape() + " does not end with " + Arrays.toString(normalizedShape));
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) axes[i] = x.rank() - k + i;
        double e = eps != null ? eps : x.dtype() == DType.F64 ? Math.ulp(1.0) : Math.ulp(1.0f);
        Tensor y = x.mul(x.square().mean(axes, true).add(e).rsqrt());
        Tensor w = parameter("weight");
        return w == null ? y : y.mul(w);
    }

    @Override
    public String toString() { return "RMSNorm(" + Arrays.toString(normalizedShape) + ", eps=" + (eps == null ? "auto" : eps) + ")"; }
}
