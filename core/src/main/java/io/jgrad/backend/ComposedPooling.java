package io.jgrad.backend;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;

/**
 * The {@link Backend} defaults for pooling, composed from primitives over strided views of the windows
 * ({@link Windows}). Some steps need numbers that depend on the shapes alone (where each window starts, the adaptive
 * pooling matrices): they are computed here and uploaded as small constant tables, never read from the data.
 */
final class ComposedPooling {
    private ComposedPooling() {}

    /**
     * Each window copied to a row of kH*kW values (of a copy padded with -inf), and the row's first maximum found with
     * argReduce (NaN counts as the maximum): the values are gathered there, the indices come from {@link #positions}.
     */
    static MaxPool2dResult maxPool2d(Backend b, Storage x, Layout xLayout, Pool2dParams p) {
        Shape xs = xLayout.shape();
        Windows win = Windows.ofPooling(xs, p);
        Shape out = Shape.of(xs.dim(0), xs.dim(1), win.outH(), win.outW());
        int n = out.dim(0), c = out.dim(1);
        Layout rows = Layout.contiguous(Shape.of(n, c, win.outH(), win.outW(), p.kernelH() * p.kernelW()));
        Layout perWindow = Layout.contiguous(Shape.of(n, c, win.outH(), win.outW(), 1));
        try (var tmp = new Temporaries()) {
            StorageView padded = tmp.add(win.pad(b, x, xLayout, Double.NEGATIVE_INFINITY));
            Storage windows = tmp.add(b.copy(padded.storage(), win.windows(padded.layout()), x.dtype()));
            Storage best = tmp.add(b.argReduce(true, windows, rows, 4));
            Storage values = tmp.add(b.gather(windows, rows, 4, best, perWindow));
            Storage indices = positions(b, win, out, values, best, perWindow);
            return new MaxPool2dResult(tmp.keep(values), indices);
        }
    }

    /**
     * The input-plane positions of each window's kernel element {@code best} [N, C, outH, outW, 1]: the window's start
     * plus the element's offset. A window whose maximum is -inf may have found it in the padding; the reference then
     * reports the window's first input element, and so does this.
     */
    private static Storage positions(Backend b, Windows win, Shape out, Storage values, Storage best,
                                     Layout perWindow) {
        Layout outLayout = Layout.contiguous(out), everyPlane = perPosition(win, out);
        Shape rows = Shape.of(out.dim(0), out.dim(1), win.outH(), win.outW(), win.kernelH() * win.kernelW());
        Layout offsets = Layout.contiguous(Shape.of(1, 1, 1, 1, rows.dim(4))).broadcastTo(rows, "max_pool2d");
        try (var tmp = new Temporaries()) {
            Storage position = tmp.add(b.gather(tmp.add(b.upload(kernelOffsets(win))), offsets, 4, best, perWindow));
            b.binaryInPlace(BinaryOp.ADD, position, outLayout, tmp.add(b.upload(windowStarts(win))), everyPlane);
            Storage minusInf = tmp.add(b.full(values.dtype(), 1, Double.NEGATIVE_INFINITY));
            Storage allMinusInf = tmp.add(b.compare(CompareOp.EQ, values, outLayout, minusInf, scalar(out)));
            Storage firstInputs = tmp.add(b.upload(firstInputElements(win)));
            return b.where(allMinusInf, outLayout, firstInputs, everyPlane, position, outLayout);
        }
    }

    /** Each output gradient added at its window's argmax: a scatterAdd within each plane. */
    static Storage maxPool2dBackward(Backend b, Storage gradOut, Layout gLayout, Storage indices, Layout indicesLayout,
                                     Shape inputShape) {
        Shape gs = gLayout.shape();
        int planes = inputShape.dim(0) * inputShape.dim(1);
        Shape byPlane = Shape.of(planes, gs.dim(2) * gs.dim(3));
        Layout gxLayout = Layout.contiguous(Shape.of(planes, inputShape.dim(2) * inputShape.dim(3)));
        try (var tmp = new Temporaries()) {
            StorageView g = tmp.add(StorageView.borrowed(gradOut, gLayout).reshaped(b, byPlane));
            StorageView index = tmp.add(StorageView.borrowed(indices, indicesLayout).reshaped(b, byPlane));
            Storage gx = tmp.add(b.allocate(gradOut.dtype(), inputShape.numel()));
            b.scatterAdd(gx, gxLayout, 1, index.storage(), index.layout(), g.storage(), g.layout());
            return tmp.keep(gx);
        }
    }

    /** Window sums over a zero-padded copy, divided by each window's divisor. */
    static Storage avgPool2d(Backend b, Storage x, Layout xLayout, Pool2dParams p) {
        Shape xs = xLayout.shape();
        Windows win = Windows.ofPooling(xs, p);
        Shape out = Shape.of(xs.dim(0), xs.dim(1), win.outH(), win.outW());
        try (var tmp = new Temporaries()) {
            StorageView padded = tmp.add(win.pad(b, x, xLayout, 0));
            Layout windows = win.windows(padded.layout());
            Storage sums = tmp.add(b.reduce(ReduceOp.SUM, padded.storage(), windows, windowAxes()));
            Storage divisors = tmp.add(divisors(b, win, p, x.dtype()));
            return b.binary(BinaryOp.DIV, sums, Layout.contiguous(out), divisors, perPosition(win, out));
        }
    }

    /** Each output gradient divided by its window's divisor and added to every input element of the window. */
    static Storage avgPool2dBackward(Backend b, Storage gradOut, Layout gLayout, Shape inputShape, Pool2dParams p) {
        Windows win = Windows.ofPooling(inputShape, p);
        Shape out = gLayout.shape();
        try (var tmp = new Temporaries()) {
            Storage divisors = tmp.add(divisors(b, win, p, gradOut.dtype()));
            Storage share = tmp.add(b.binary(BinaryOp.DIV, gradOut, gLayout, divisors, perPosition(win, out)));
            StorageView atEveryOffset = StorageView.borrowed(share, Layout.contiguous(out));
            return win.fold(b, gradOut.dtype(), inputShape.dim(0), inputShape.dim(1), (u, v) -> atEveryOffset);
        }
    }

    /**
     * Adaptive average pooling separates into rows and columns: each plane X [H, W] becomes {@code A_H X A_W^T}, two
     * batched matmuls with the averaging matrices A [out, in] of {@link #averagingMatrix}.
     */
    static Storage adaptiveAvgPool2d(Backend b, Storage x, Layout xLayout, int outH, int outW) {
        Shape xs = xLayout.shape();
        int planes = xs.dim(0) * xs.dim(1), h = xs.dim(2), w = xs.dim(3);
        DType t = x.dtype();
        try (var tmp = new Temporaries()) {
            StorageView in = tmp.add(StorageView.borrowed(x, xLayout).reshaped(b, Shape.of(planes, h, w)));
            Storage rows = tmp.add(b.upload(averagingMatrix(outH, h, t)));
            Storage cols = tmp.add(b.upload(averagingMatrix(outW, w, t)));
            Storage pooledCols = tmp.add(b.matmul(in.storage(), in.layout(), cols,
                    everyPlane(planes, outW, w).transpose(1, 2)));
            return b.matmul(rows, everyPlane(planes, outH, h), pooledCols,
                    Layout.contiguous(Shape.of(planes, h, outW)));
        }
    }

    /** The adjoint: each gradient plane G [outH, outW] becomes {@code A_H^T G A_W}. */
    static Storage adaptiveAvgPool2dBackward(Backend b, Storage gradOut, Layout gLayout, Shape inputShape) {
        Shape gs = gLayout.shape();
        int planes = gs.dim(0) * gs.dim(1), outH = gs.dim(2), outW = gs.dim(3);
        int h = inputShape.dim(2), w = inputShape.dim(3);
        DType t = gradOut.dtype();
        Layout spreadLayout = Layout.contiguous(Shape.of(planes, outH, w));
        try (var tmp = new Temporaries()) {
            StorageView g = tmp.add(StorageView.borrowed(gradOut, gLayout).reshaped(b, Shape.of(planes, outH, outW)));
            Storage rows = tmp.add(b.upload(averagingMatrix(outH, h, t)));
            Storage cols = tmp.add(b.upload(averagingMatrix(outW, w, t)));
            Storage spreadCols = tmp.add(b.matmul(g.storage(), g.layout(), cols, everyPlane(planes, outW, w)));
            return b.matmul(rows, everyPlane(planes, outH, h).transpose(1, 2), spreadCols, spreadLayout);
        }
    }

    /** The axes of one window in {@link Windows#windows}' view. */
    private static boolean[] windowAxes() { return new boolean[] {false, false, false, false, true, true}; }

    /** A per-position [outH, outW] table seen at the shape [N, C, outH, outW]. */
    private static Layout perPosition(Windows win, Shape out) {
        return Layout.contiguous(Shape.of(win.outH(), win.outW())).broadcastTo(out, "pool2d");
    }

    private static Layout scalar(Shape shape) { return Layout.contiguous(Shape.scalar()).broadcastTo(shape, "pool2d"); }

    /**
     * [outH, outW]: how many of each window's elements lie in the counted region (the padded input with
     * countIncludePad, else the input): the window sums of a plane of ones over that region.
     */
    private static Storage divisors(Backend b, Windows win, Pool2dParams p, DType t) {
        Layout plane = win.paddedLayout(1, 1);
        Layout region = p.countIncludePad() ? win.paddedInput(1, 1) : win.interior(1, 1);
        try (var tmp = new Temporaries()) {
            Storage mask = tmp.add(b.allocate(t, plane.numel()));
            b.assign(mask, region, tmp.add(b.full(t, 1, 1)), scalar(region.shape()));
            return b.reduce(ReduceOp.SUM, mask, win.windows(plane), windowAxes());
        }
    }

    /** A contiguous [out, in] matrix seen as the same matrix for each of {@code planes} (batch stride 0). */
    private static Layout everyPlane(int planes, int out, int in) {
        return new Layout(Shape.of(planes, out, in), new int[] {0, in, 1}, 0);
    }

    // ---- constant tables, computed from shapes only -------------------------------------------------------------

    /** [kH*kW] I64: each kernel element's position relative to its window's start, in input-plane positions. */
    static HostStorage kernelOffsets(Windows win) {
        long[] offsets = new long[win.kernelH() * win.kernelW()];
        for (int u = 0; u < win.kernelH(); u++) {
            for (int v = 0; v < win.kernelW(); v++) {
                offsets[u * win.kernelW() + v] = (long) u * win.dilationH() * win.width() + (long) v * win.dilationW();
            }
        }
        return HostStorage.wrap(offsets);
    }

    /** [outH, outW] I64: the input-plane position {@code ih * W + iw} of each window's first element (or padding). */
    static HostStorage windowStarts(Windows win) {
        long[] starts = new long[win.outH() * win.outW()];
        for (int i = 0; i < win.outH(); i++) {
            long row = (long) (i * win.strideH() - win.padH()) * win.width();
            for (int j = 0; j < win.outW(); j++) starts[i * win.outW() + j] = row + j * win.strideW() - win.padW();
        }
        return HostStorage.wrap(starts);
    }

    /** [outH, outW] I64: the input-plane position of each window's first element inside the input; -1 if none. */
    static HostStorage firstInputElements(Windows win) {
        long[] first = new long[win.outH() * win.outW()];
        for (int i = 0; i < win.outH(); i++) {
            int ih = firstInside(i * win.strideH() - win.padH(), win.dilationH(), win.kernelH(), win.height());
            for (int j = 0; j < win.outW(); j++) {
                int iw = firstInside(j * win.strideW() - win.padW(), win.dilationW(), win.kernelW(), win.width());
                first[i * win.outW() + j] = ih < 0 || iw < 0 ? -1 : (long) ih * win.width() + iw;
            }
        }
        return HostStorage.wrap(first);
    }

    /** The first of {@code start + u * dilation} (u < kernel) in [0, size), or -1. */
    private static int firstInside(int start, int dilation, int kernel, int size) {
        for (int u = 0; u < kernel; u++) {
            int at = start + u * dilation;
            if (at >= 0 && at < size) return at;
        }
        return -1;
    }

    /** [out, in] in {@code dtype}: row i averages adaptive window i, [floor(i*in/out), ceil((i+1)*in/out)). */
    static HostStorage averagingMatrix(int out, int in, DType dtype) {
        HostStorage m = HostStorage.allocate(dtype, out * in);
        for (int i = 0; i < out; i++) {
            int start = (int) ((long) i * in / out), end = (int) (((long) (i + 1) * in + out - 1) / out);
            for (int k = start; k < end; k++) m.setDouble(i * in + k, 1.0 / (end - start));
        }
        return m;
    }
}
