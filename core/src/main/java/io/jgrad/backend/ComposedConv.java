package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The {@link Backend} defaults for convolution, composed from primitives as im2col and GEMM. The columns of an input
 * are a contiguous copy of a strided view of its windows, [G, Cg*kH*kW, N*outH*outW] (row (c, u, v) of group g: input
 * channel g*Cg + c at kernel offset (u, v), one column per window of every image); each direction is then one matmul
 * batched over the G groups, and the input gradient folds its columns back with one add per kernel offset.
 */
final class ComposedConv {
    private ComposedConv() {}

    static Storage conv2d(Backend b, Storage x, Layout xLayout, Storage w, Layout wLayout, Conv2dParams p) {
        Shape xs = xLayout.shape(), ws = wLayout.shape();
        int kh = ws.dim(2), kw = ws.dim(3), g = p.groups();
        Windows win = Windows.ofConvolution(xs, kh, kw, p, p.outH(xs.dim(2), kh), p.outW(xs.dim(3), kw));
        int n = xs.dim(0), og = ws.dim(0) / g, k = ws.dim(1) * kh * kw, positions = win.outH() * win.outW();
        try (var tmp = new Temporaries()) {
            Storage cols = tmp.add(columns(b, x, xLayout, win, g, x.dtype()));
            StorageView wg = tmp.add(StorageView.borrowed(w, wLayout).reshaped(b, Shape.of(g, og, k)));
            Storage y = tmp.add(b.matmul(wg.storage(), wg.layout(), cols,
                    Layout.contiguous(Shape.of(g, k, n * positions))));
            // [G, Og, N, outH*outW] to [N, G*Og, outH, outW].
            return b.copy(y, Layout.contiguous(Shape.of(g, og, n, positions)).permute(2, 0, 1, 3), x.dtype());
        }
    }

    static Storage conv2dBackwardInput(Backend b, Storage gradOut, Layout gLayout, Storage w, Layout wLayout,
                                       Shape inputShape, Conv2dParams p) {
        Shape ws = wLayout.shape(), gs = gLayout.shape();
        int kh = ws.dim(2), kw = ws.dim(3), g = p.groups();
        // The windows of the output gradient's size: a transposed convolution's output padding may leave it short of
        // the convolution's output (the positions it lacks contribute nothing).
        Windows win = Windows.ofConvolution(inputShape, kh, kw, p, gs.dim(2), gs.dim(3));
        int n = inputShape.dim(0), c = inputShape.dim(1), og = ws.dim(0) / g, k = ws.dim(1) * kh * kw;
        int positions = win.outH() * win.outW();
        // The columns [G, Cg*kH*kW, N*outH*outW] are [C, kH, kW, N, outH, outW]: one [N, C, outH, outW] per offset.
        Shape atOffset = Shape.of(n, c, win.outH(), win.outW());
        int[] strides = {positions, kh * kw * n * positions, win.outW(), 1};
        try (var tmp = new Temporaries()) {
            StorageView wg = tmp.add(StorageView.borrowed(w, wLayout).reshaped(b, Shape.of(g, og, k)));
            StorageView gy = tmp.add(groupMajor(b, gradOut, gLayout, g));
            Storage cols = tmp.add(b.matmul(wg.storage(), wg.layout().transpose(1, 2), gy.storage(), gy.layout()));
            return win.fold(b, gradOut.dtype(), n, c, (u, v) ->
                    StorageView.borrowed(cols, new Layout(atOffset, strides, (u * kw + v) * n * positions)));
        }
    }

    static Storage conv2dBackwardWeight(Backend b, Storage gradOut, Layout gLayout, Storage x, Layout xLayout,
                                        Shape weightShape, Conv2dParams p) {
        Shape gs = gLayout.shape();
        int kh = weightShape.dim(2), kw = weightShape.dim(3), g = p.groups();
        Windows win = Windows.ofConvolution(xLayout.shape(), kh, kw, p, gs.dim(2), gs.dim(3));
        int k = weightShape.dim(1) * kh * kw, columns = xLayout.shape().dim(0) * win.outH() * win.outW();
        // [G, Og, N*L] x [G, N*L, K], the sum over the batch inside the product: [G, Og, K], i.e. [O, Cg, kH, kW].
        Layout colsTransposed = Layout.contiguous(Shape.of(g, k, columns)).transpose(1, 2);
        try (var tmp = new Temporaries()) {
            Storage cols = tmp.add(columns(b, x, xLayout, win, g, gradOut.dtype()));
            StorageView gy = tmp.add(groupMajor(b, gradOut, gLayout, g));
            return b.matmul(gy.storage(), gy.layout(), cols, colsTransposed);
        }
    }

    /** im2col: the columns [G, Cg*kH*kW, N*outH*outW] of x [N, C, H, W], a new contiguous storage of {@code dtype}. */
    private static Storage columns(Backend b, Storage x, Layout xLayout, Windows win, int groups, DType dtype) {
        try (var tmp = new Temporaries()) {
            StorageView padded = tmp.add(win.pad(b, x, xLayout, 0));
            int[] s = win.windows(padded.layout()).strides(); // [N, C, outH, outW, kH, kW]
            int n = xLayout.shape().dim(0), cg = xLayout.shape().dim(1) / groups;
            Shape shape = Shape.of(groups, cg, win.kernelH(), win.kernelW(), n, win.outH(), win.outW());
            int[] strides = {cg * s[1], s[1], s[4], s[5], s[0], s[2], s[3]};
            return b.copy(padded.storage(), new Layout(shape, strides, padded.layout().offset()), dtype);
        }
    }

    /**
     * An output gradient [N, G*Og, outH, outW] as [G, Og, N*outH*outW]: a view borrowing it when the strides allow,
     * else a copy the view owns.
     */
    private static StorageView groupMajor(Backend b, Storage gradOut, Layout gLayout, int groups) {
        Shape gs = gLayout.shape();
        int[] s = gLayout.strides();
        int n = gs.dim(0), og = gs.dim(1) / groups, oh = gs.dim(2), ow = gs.dim(3);
        int[] strides = {og * s[1], s[1], s[0], s[2], s[3]};
        Layout view = new Layout(Shape.of(groups, og, n, oh, ow), strides, gLayout.offset());
        return StorageView.borrowed(gradOut, view).reshaped(b, Shape.of(groups, og, n * oh * ow));
    }
}
