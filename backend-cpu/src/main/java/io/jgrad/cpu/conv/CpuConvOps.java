package io.jgrad.cpu.conv;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.Storage;

/**
 * The conv/pooling {@link Backend} methods for F32 host storage, ready for a host backend to delegate to:
 * <pre>{@code
 * @Override public Storage conv2d(Storage x, Layout xl, Storage w, Layout wl, Conv2dParams p) {
 *     return CpuConvOps.accepts(x) ? CpuConvOps.conv2d(this, x, xl, w, wl, p) : super.conv2d(x, xl, w, wl, p);
 * }
 * }</pre>
 * Strided inputs are copied to contiguous arrays first (through {@code backend.copy}).
 */
public final class CpuConvOps {
    private CpuConvOps() {}

    /** True for F32 host storage, which these kernels handle; anything else should go to the default method. */
    public static boolean accepts(Storage s) { return s instanceof HostStorage && s.dtype() == DType.F32; }

    public static Storage conv2d(Backend backend, Storage x, Layout xl, Storage w, Layout wl, Conv2dParams p) {
        ConvGeometry g = geometry(xl.shape(), wl.shape(), p);
        float[] out = new float[g.n() * g.o() * g.ohw()];
        Conv2dKernels.forward(floats(backend, x, xl), offset(x, xl), floats(backend, w, wl), offset(w, wl), g, out, 0);
        return HostStorage.wrap(out);
    }

    public static Storage conv2dBackwardInput(Backend backend, Storage gy, Layout gl, Storage w, Layout wl, Shape inputShape, Conv2dParams p) {
        ConvGeometry g = geometry(inputShape, wl.shape(), p);
        checkGrad(gl.shape(), g);
        float[] gx = new float[inputShape.numel()];
        Conv2dKernels.backwardInput(outputGrad(backend, gy, gl, g), outputGradOffset(gy, gl, g), floats(backend, w, wl),
                offset(w, wl), g, gx, 0);
        return HostStorage.wrap(gx);
    }

    public static Storage conv2dBackwardWeight(Backend backend, Storage gy, Layout gl, Storage x, Layout xl, Shape weightShape, Conv2dParams p) {
        ConvGeometry g = geometry(xl.shape(), weightShape, p);
        checkGrad(gl.shape(), g);
        float[] gw = new float[weightShape.numel()];
        Conv2dKernels.backwardWeight(outputGrad(backend, gy, gl, g), outputGradOffset(gy, gl, g), floats(backend, x, xl),
                offset(x, xl), g, gw, 0);
        return HostStorage.wrap(gw);
    }

    public static MaxPool2dResult maxPool2d(Backend backend, Storage x, Layout xl, Pool2dParams p) {
        Planes in = Planes.of(xl.shape());
        float[] y = new float[in.count() * p.outH(in.h()) * p.outW(in.w())];
        long[] idx = new long[y.length];
        Pool2dKernels.maxPool2d(floats(backend, x, xl), offset(x, xl), in.count(), in.h(), in.w(), p, y, idx);
        return new MaxPool2dResult(HostStorage.wrap(y), HostStorage.wrap(idx));
    }

    public static Storage maxPool2dBackward(Backend backend, Storage gy, Layout gl, Storage indices, Layout il, Shape inputShape) {
        Planes in = Planes.of(inputShape), out = Planes.of(gl.shape());
        long[] idx = backend.download(il.isContiguous() && il.offset() == 0 && indices.dtype() == DType.I64
                ? indices : backend.copy(indices, il, DType.I64)).longs();
        float[] g = contiguousFloats(backend, gy, gl);
        float[] gx = new float[inputShape.numel()];
        Pool2dKernels.maxPool2dBackward(g, idx, in.count(), in.h(), in.w(), out.h(), out.w(), gx);
        return HostStorage.wrap(gx);
    }

    public static Storage avgPool2d(Backend backend, Storage x, Layout xl, Pool2dParams p) {
        Planes in = Planes.of(xl.shape());
        float[] y = new float[in.count() * p.outH(in.h()) * p.outW(in.w())];
        Pool2dKernels.avgPool2d(floats(backend, x, xl), offset(x, xl), in.count(), in.h(), in.w(), p, y);
        return HostStorage.wrap(y);
    }

    public static Storage avgPool2dBackward(Backend backend, Storage gy, Layout gl, Shape inputShape, Pool2dParams p) {
        Planes in = Planes.of(inputShape);
        float[] gx = new float[inputShape.numel()];
        Pool2dKernels.avgPool2dBackward(contiguousFloats(backend, gy, gl), in.count(), in.h(), in.w(), p, gx);
        return HostStorage.wrap(gx);
    }

    public static Storage adaptiveAvgPool2d(Backend backend, Storage x, Layout xl, int outH, int outW) {
        Planes in = Planes.of(xl.shape());
        float[] y = new float[in.count() * outH * outW];
        Pool2dKernels.adaptiveAvgPool2d(floats(backend, x, xl), offset(x, xl), in.count(), in.h(), in.w(), outH, outW,
                y);
        return HostStorage.wrap(y);
    }

    public static Storage adaptiveAvgPool2dBackward(Backend backend, Storage gy, Layout gl, Shape inputShape) {
        Planes in = Planes.of(inputShape), out = Planes.of(gl.shape());
        float[] gx = new float[inputShape.numel()];
        Pool2dKernels.adaptiveAvgPool2dBackward(contiguousFloats(backend, gy, gl), in.count(), in.h(), in.w(), out.h(),
                out.w(), gx);
        return HostStorage.wrap(gx);
    }

    /** An NCHW shape as the pooling kernels see it: {@code count} = N * C planes of h x w values. */
    private record Planes(int count, int h, int w) {
        static Planes of(Shape nchw) { return new Planes(nchw.dim(0) * nchw.dim(1), nchw.dim(2), nchw.dim(3)); }
    }

    private static ConvGeometry geometry(Shape x, Shape w, Conv2dParams p) {
        return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3), p);
    }

    /**
     * True when the output gradient has fewer positions than the convolution would produce: the case of a transposed
     * convolution whose output padding reaches past its stride. The missing positions read as zero.
     */
    private static boolean isShort(Layout gl, ConvGeometry g) { return gl.shape().dim(2) != g.oh() || gl.shape().dim(3) != g.ow(); }

    /** The output gradient as the backward kernels read it: its array, or a zero-padded copy when it is short. */
    private static float[] outputGrad(Backend backend, Storage gy, Layout gl, ConvGeometry g) {
        return isShort(gl, g) ? zeroPadded(backend, gy, gl, g) : floats(backend, gy, gl);
    }

    /** Where {@link #outputGrad}'s array holds the gradient's first element. */
    private static int outputGradOffset(Storage gy, Layout gl, ConvGeometry g) {
        return isShort(gl, g) ? 0 : offset(gy, gl);
    }

    private static float[] zeroPadded(Backend backend, Storage s, Layout gl, ConvGeometry g) {
        float[] gy = contiguousFloats(backend, s, gl);
        int h = gl.shape().dim(2), w = gl.shape().dim(3), oh = g.oh(), ow = g.ow();
        float[] out = new float[g.n() * g.o() * oh * ow];
        for (int q = 0; q < g.n() * g.o(); q++) {
            for (int i = 0; i < h; i++) System.arraycopy(gy, (q * h + i) * w, out, (q * oh + i) * ow, w);
        }
        return out;
    }

    private static void checkGrad(Shape gradShape, ConvGeometry g) {
        if (gradShape.rank() != 4 || gradShape.dim(0) != g.n() || gradShape.dim(1) != g.o()
                || gradShape.dim(2) > g.oh() || gradShape.dim(3) > g.ow()) {
            throw new IllegalArgumentException("conv2d backward: output gradient of shape " + gradShape + " for " + g);
        }
    }

    /** The array behind a contiguous view (read from its offset), or a contiguous F32 copy of a strided one. */
    private static float[] floats(Backend backend, Storage s, Layout l) {
        return l.isContiguous() ? HostStorage.of(s).floats() : backend.download(backend.copy(s, l, DType.F32)).floats();
    }

    private static int offset(Storage s, Layout l) { return l.isContiguous() ? l.offset() : 0; }

    /** A contiguous array starting at 0 (kernels that take no offset). */
    private static float[] contiguousFloats(Backend backend, Storage s, Layout l) {
        return l.isContiguous() && l.offset() == 0 ? HostStorage.of(s).floats() : backend.download(backend.copy(s, l, DType.F32)).floats();
    }
}
