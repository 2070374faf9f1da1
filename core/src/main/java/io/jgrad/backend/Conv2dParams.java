package io.jgrad.backend;

/**
 * The geometry of a 2-D convolution, shared by the forward op and its two gradients: stride, symmetric zero padding
 * and dilation per spatial axis, and the number of channel groups. Layout is NCHW; the weight is
 * [out, in/groups, kH, kW] as in PyTorch.
 */
public record Conv2dParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    public Conv2dParams {
        if (strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("convolution: stride must be positive, got (" + strideH + ", " + strideW + ")");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("convolution: padding must be non-negative, got (" + padH + ", " + padW + ")");
        }
        if (dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("convolution: dilation must be positive, got (" + dilationH + ", " + dilationW + ")");
        }
        if (groups <= 0) throw new IllegalArgumentException("convolution: groups must be positive, got " + groups);
    }

    /** Square stride and padding, no dilation, one group. */
    public static Conv2dParams of(int stride, int padding) { return new Conv2dParams(stride, stride, padding, padding, 1, 1, 1); }

    /** Output height for an input of height {@code h} and a kernel of height {@code kH} (at least 1 when valid). */
    public int outH(int h, int kH) { return outSize(h, kH, strideH, padH, dilationH); }

    public int outW(int w, int kW) { return outSize(w, kW, strideW, padW, dilationW); }

    /** {@code floor((in + 2p - d(k-1) - 1) / s) + 1}; negative spans give 0 rather than Java's truncation toward 0. */
    static int outSize(int in, int k, int s, int p, int d) {
        int span = in + 2 * p - d * (k - 1) - 1;
        return span < 0 ? 0 : span / s + 1;
    }
}
