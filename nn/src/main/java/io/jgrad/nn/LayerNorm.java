package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Tensor;

import java.util.Arrays;

/**
 * Layer normalization over the last dimensions ({@code normalizedShape}): {@code (x - mean) / sqrt(var + eps)} with
 * the biased variance, then an optional learned {@code weight} (ones) and {@code bias} (zeros), as PyTorch's.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalizedShape is empty");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.ones(DType.F32, normalizedShape));
            registerParameter("bias", Tensor.zeros(DType.F32, normalizedShape));
        }
    }

    /** The normalized trailing dimensions (a copy). */
    public int[] normalizedShape() { return normalizedShape.clone(); }

    public double eps() { return eps; }

    /** Whether the layer has the learned {@code weight} and {@code bias}. */
    public boolean isAffine() { return parameter("weight") != null; }

    /** One fused op ({@link F#layerNorm}), forward and backward. */
    @Override
    public Tensor forward(Tensor x) {
        normalizedAxes("LayerNorm", x, normalizedShape);
        return F.layerNorm(x, normalizedShape, parameter("weight"), parameter("bias"), eps);
    }

    /** The last axes of x, which must have {@code normalizedShape}; else an error naming {@code layer} and both shapes. */
    static int[] normalizedAxes(String layer, Tensor x, int[] normalizedShape) {
        int k = normalizedShape.length;
        int[] tail = x.rank() < k ? x.dims() : Arrays.copyOfRange(x.dims(), x.rank() - k, x.rank());
        if (!Arrays.equals(tail, normalizedShape)) {
            throw new IllegalArgumentException(layer + ": input shape " + x.shape() + " does not end with "
                    + Arrays.toString(normalizedShape));
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) axes[i] = x.rank() - k + i;
        return axes;
    }

    @Override
    public String toString() { return "LayerNorm(" + Arrays.toString(normalizedShape) + ", eps=" + eps + ")"; }
}
