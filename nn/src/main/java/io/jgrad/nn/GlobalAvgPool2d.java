package io.jgrad.nn;

import io.jgrad.F;
import io.jgrad.Tensor;

/**
 * The mean of each channel, as Keras's {@code GlobalAveragePooling2D}: [N, C, H, W] to [N, C] (or [N, C, 1, 1] with
 * {@link #keepDims()}, as PyTorch's {@code AdaptiveAvgPool2d(1)}).
 */
public final class GlobalAvgPool2d extends Module {
    private final boolean keepDims;

    public GlobalAvgPool2d() { this(false); }

    private GlobalAvgPool2d(boolean keepDims) { this.keepDims = keepDims; }

    /** A layer whose output keeps the unit spatial dimensions. */
    public static GlobalAvgPool2d keepDims() { return new GlobalAvgPool2d(true); }

    /** Whether the output keeps the unit spatial dimensions ([N, C, 1, 1]). */
    public boolean keepsDims() { return keepDims; }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = F.globalAvgPool2d(x);
        return keepDims ? y : y.reshape(x.dim(0), x.dim(1));
    }

    @Override
    public String toString() { return "GlobalAvgPool2d(keepDims=" + keepDims + ")"; }
}
