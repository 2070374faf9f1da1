package io.jgrad.cpu.conv;

import java.util.Arrays;

/**
 * Unfolds the input patches of one image and one group into a [cg*kh*kw, oh*ow] matrix (im2col), and folds such a
 * matrix back by summing into the input positions (col2im), padding positions reading as zero.
 */
final class Im2col {
    private Im2col() {}

    /** {@code x} holds the group's cg channels of one image from {@code xOff}; col [cg*kh*kw, oh*ow] is written from 0. */
    static void im2col(float[] x, int xOff, ConvGeometry g, float[] col) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow();
        int sh = g.p().strideH(), sw = g.p().strideW(), ph = g.p().padH(), pw = g.p().padW();
        int dh = g.p().dilationH(), dw = g.p().dilationW();
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = xOff + ci * h * w;
            for (int u = 0; u < g.kh(); u++) {
                for (int v = 0; v < g.kw(); v++, row++) {
                    int base = row * ow * oh;
                    // Output columns j whose input column iw = j*sw - pw + v*dw lies in [0, w).
                    int off = v * dw - pw;
                    int j0 = firstValidColumn(off, sw, ow);
                    int j1 = endValidColumn(off, sw, w, ow);
                    if (j1 < j0) j1 = j0;
                    for (int i = 0; i < oh; i++) {
                        int ih = i * sh - ph + u * dh;
                        int at = base + i * ow;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(col, at, at + ow, 0f);
                            continue;
                        }
                        int src = plane + ih * w + off;
                        // The padding runs are a column or two: a loop beats Arrays.fill's call overhead.
                        for (int j = 0; j < j0; j++) col[at + j] = 0f;
                        if (sw == 1) {
                            System.arraycopy(x, src + j0, col, at + j0, j1 - j0);
                        } else {
                            for (int j = j0; j < j1; j++) col[at + j] = x[src + j * sw];
                        }
                        for (int j = j1; j < ow; j++) col[at + j] = 0f;
                    }
                }
            }
        }
    }

    /** Adds an image's [cg*kh*kw, oh*ow] matrix {@code col} back into the group's channels in {@code gx} from gxOff. */
    static void col2im(float[] col, ConvGeometry g, float[] gx, int gxOff) {
        int h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow();
        int sh = g.p().strideH(), sw = g.p().strideW(), ph = g.p().padH(), pw = g.p().padW();
        int dh = g.p().dilationH(), dw = g.p().dilationW();
        int row = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = gxOff + ci * h * w;
            for (int u = 0; u < g.kh(); u++) {
                for (int v = 0; v < g.kw(); v++, row++) {
                    int base = row * ow * oh;
                    int off = v * dw - pw;
                    int j0 = firstValidColumn(off, sw, ow);
                    int j1 = endValidColumn(off, sw, w, ow);
                    for (int i = 0; i < oh; i++) {
                        int ih = i * sh - ph + u * dh;
                        if (ih < 0 || ih >= h) continue;
                        int dst = plane + ih * w + off, at = base + i * ow;
                        if (sw == 1) {
                            for (int j = j0; j < j1; j++) gx[dst + j] += col[at + j];
                        } else {
                            for (int j = j0; j < j1; j++) gx[dst + j * sw] += col[at + j];
                        }
                    }
                }
            }
        }
    }

    /** The first output column j whose input column {@code j*sw + off} is >= 0. */
    private static int firstValidColumn(int off, int sw, int ow) {
        return off >= 0 ? 0 : Math.min(ow, (-off + sw - 1) / sw);
    }

    /** One past the last output column j whose input column {@code j*sw + off} is < w. */
    private static int endValidColumn(int off, int sw, int w, int ow) {
        return w - 1 - off < 0 ? 0 : Math.min(ow, (w - 1 - off) / sw + 1);
    }
}
