package io.jgrad.backend;

/**
 * The geometry of a 2-D pooling window over NCHW input: kernel, stride, symmetric padding and dilation per axis;
 * {@code ceilMode} rounds the output size up (a last window that would start in the right padding is dropped, as in
 * PyTorch); {@code countIncludePad} makes average pooling divide by the window size including padded zeros.
 */
public record Pool2dParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                           int dilationH, int dilationW, boolean ceilMode, boolean countIncludePad) {
    public Pool2dParams {
        if (kernelH <= 0 || kernelW <= 0) {
            throw new IllegalArgumentException("pool2d: kernel size must be positive, got (" + kernelH + ", " + kernelW + ")");
        }
        if (strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("pool2d: stride must be positive, got (" + strideH + ", " + strideW + ")");
        }
        if (dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("pool2d: dilation must be positive, got (" + dilationH + ", " + dilationW + ")");
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool2d: padding (" + padH + ", " + padW
                    + ") must be non-negative and at most half the kernel (" + kernelH + ", " + kernelW + ")");
        }
    }

    public int outH(int h) { return outSize(h, kernelH, strideH, padH, dilationH); }

    public int outW(int w) { return outSize(w, kernelW, strideW, padW, dilationW); }

    private int outSize(int in, int k, int s, int p, int d) {
        int span = in + 2 * p - d * (k - 1) - 1;
        if (span < 0) return 0;
        int out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
        // With ceil mode the last window must start inside the input or the left padding.
        if (ceilMode && (out - 1) * s >= in + p) out--;
        return out;
    }
}
