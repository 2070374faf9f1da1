package io.jgrad.cpu.conv;

import io.jgrad.backend.Conv2dParams;

/**
 * The sizes of one 2-D convolution, NCHW: input [n, c, h, w], weight [o, c/groups, kh, kw], output [n, o, oh, ow],
 * with the derived per-group sizes the im2col kernels use.
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, Conv2dParams p) {
    public ConvGeometry {
        if (c % p.groups() != 0 || o % p.groups() != 0) {
            throw new IllegalArgumentException("conv geometry: channels " + c + " -> " + o + " not divisible by groups " + p.groups());
        }
    }

    public int oh() { return p.outH(h, kh); }

    public int ow() { return p.outW(w, kw); }

    /** Input channels per group. */
    public int cg() { return c / p.groups(); }

    /** Output channels per group. */
    public int og() { return o / p.groups(); }

    /** Rows of an im2col matrix for one group: cg * kh * kw. */
    public int patch() { return cg() * kh * kw; }

    public int ohw() { return oh() * ow(); }

    public int hw() { return h * w; }

    /** A 1x1 kernel with unit stride and no padding reads the input directly as the im2col matrix. */
    boolean isPointwise() {
        return kh == 1 && kw == 1 && p.strideH() == 1 && p.strideW() == 1 && p.padH() == 0 && p.padW() == 0;
    }

    /** One input channel per group and one-or-more filters per channel: the direct kernels beat im2col. */
    boolean isDepthwise() { return p.groups() == c && p.groups() > 1; }

    /** Multiply-adds of the whole convolution. */
    long work() { return (long) n * o * ohw() * patch(); }
}
