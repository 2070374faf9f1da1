package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The sliding windows of a convolution or pooling over the planes of NCHW data, as strided views, so that the
 * {@link Backend} defaults need no loop over elements. Window (i, j) reads, at kernel offset (u, v), the padded
 * position (i * strideH + u * dilationH, j * strideW + v * dilationW), where padded position (a, b) holds input element
 * (a - padH, b - padW). The padded plane is large enough for every window: past the right padding too, when ceil mode
 * or a transposed convolution's output padding asks for it.
 */
record Windows(int height, int width, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
               int dilationH, int dilationW, int outH, int outW) {

    /** Values to add at one kernel offset: an [N, C, outH, outW] view of a storage the caller closes. */
    @FunctionalInterface
    interface ValuesAtKernelOffset {
        StorageView at(int u, int v);
    }

    /** A convolution's kH x kW windows at outH x outW positions over the planes of {@code input} [N, C, H, W]. */
    static Windows ofConvolution(Shape input, int kernelH, int kernelW, Conv2dParams p, int outH, int outW) {
        return new Windows(input.dim(2), input.dim(3), kernelH, kernelW, p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), outH, outW);
    }

    /** A pooling's windows over the planes of {@code input} [N, C, H, W]. */
    static Windows ofPooling(Shape input, Pool2dParams p) {
        int h = input.dim(2), w = input.dim(3);
        return new Windows(h, w, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW(),
                p.dilationH(), p.dilationW(), p.outH(h), p.outW(w));
    }

    int paddedH() { return Math.max(height + 2 * padH, (outH - 1) * strideH + (kernelH - 1) * dilationH + 1); }

    int paddedW() { return Math.max(width + 2 * padW, (outW - 1) * strideW + (kernelW - 1) * dilationW + 1); }

    /** Whether some window reaches outside the input plane, so that reading the windows needs a padded copy. */
    boolean needsPadding() { return paddedH() != height || paddedW() != width; }

    /** A contiguous [N, C, paddedH, paddedW] buffer. */
    Layout paddedLayout(int n, int c) { return Layout.contiguous(Shape.of(n, c, paddedH(), paddedW())); }

    /** Where the input [N, C, H, W] sits in {@link #paddedLayout}. */
    Layout interior(int n, int c) { return region(n, c, height, width, padH, padW); }

    /** Where the input with its padding, [N, C, H + 2 padH, W + 2 padW], sits in {@link #paddedLayout}. */
    Layout paddedInput(int n, int c) { return region(n, c, height + 2 * padH, width + 2 * padW, 0, 0); }

    private Layout region(int n, int c, int h, int w, int top, int left) {
        int hp = paddedH(), wp = paddedW();
        return new Layout(Shape.of(n, c, h, w), new int[] {c * hp * wp, hp * wp, wp, 1}, top * wp + left);
    }

    /**
     * x [N, C, H, W] as a padded view: x itself (borrowed) if no window leaves it, else a copy into a buffer of
     * {@code fill} that the view owns.
     */
    StorageView pad(Backend b, Storage x, Layout xLayout, double fill) {
        if (!needsPadding()) return StorageView.borrowed(x, xLayout);
        int n = xLayout.shape().dim(0), c = xLayout.shape().dim(1);
        Layout padded = paddedLayout(n, c);
        try (var tmp = new Temporaries()) {
            Storage buffer = tmp.add(fill == 0 ? b.allocate(x.dtype(), padded.numel())
                    : b.full(x.dtype(), padded.numel(), fill));
            b.assign(buffer, interior(n, c), x, xLayout);
            return StorageView.owning(tmp.keep(buffer), padded);
        }
    }

    /** The windows of a padded view [N, C, paddedH, paddedW], as a view [N, C, outH, outW, kH, kW] (they overlap). */
    Layout windows(Layout padded) {
        int[] s = padded.strides();
        Shape shape = Shape.of(padded.shape().dim(0), padded.shape().dim(1), outH, outW, kernelH, kernelW);
        int[] strides = {s[0], s[1], s[2] * strideH, s[3] * strideW, s[2] * dilationH, s[3] * dilationW};
        return new Layout(shape, strides, padded.offset());
    }

    /** The positions that kernel offset (u, v) reads in a padded view, as a view [N, C, outH, outW] (all distinct). */
    Layout atKernelOffset(Layout padded, int u, int v) {
        int[] s = padded.strides();
        Shape shape = Shape.of(padded.shape().dim(0), padded.shape().dim(1), outH, outW);
        return new Layout(shape, new int[] {s[0], s[1], s[2] * strideH, s[3] * strideW},
                padded.offset() + u * dilationH * s[2] + v * dilationW * s[3]);
    }

    /**
     * The adjoint of reading the windows (PyTorch's fold, col2im): each kernel offset's values added where that offset
     * reads, into a zero padded buffer, one offset at a time; returns the input region [N, C, H, W].
     */
    Storage fold(Backend b, DType dtype, int n, int c, ValuesAtKernelOffset values) {
        Layout padded = paddedLayout(n, c);
        try (var tmp = new Temporaries()) {
            Storage sums = tmp.add(b.allocate(dtype, padded.numel()));
            for (int u = 0; u < kernelH; u++) {
                for (int v = 0; v < kernelW; v++) {
                    StorageView add = values.at(u, v);
                    b.binaryInPlace(BinaryOp.ADD, sums, atKernelOffset(padded, u, v), add.storage(), add.layout());
                }
            }
            return needsPadding() ? b.copy(sums, interior(n, c), dtype) : tmp.keep(sums);
        }
    }
}
