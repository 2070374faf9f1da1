package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.AdamStep;

/**
 * The fused training ops the CPU backend has, as single kernels ({@code kernels/fused.cu}): ReLU's gradient, the Adam
 * update in PyTorch's order of operations, and batch normalization's per-channel moments, gradient sums and affine map.
 * Views may be strided; each op has a contiguous fast path.
 *
 * <p>ReLU's gradient and Adam give the reference's bits: Adam does exactly the default's operations in the same order,
 * in the tensor's type (IEEE float for F32, which is what the reference's double-then-round-to-float steps amount to),
 * never fused. The channel ops compute in double as the reference does, but each channel's sums are added in a tree
 * over one block of threads instead of in order, so they agree with it to rounding, not bit for bit.
 */
final class FusedOps {
    /** Threads of a channel block: {@code CHANNEL_THREADS} in {@code fused.cu}. */
    private static final int CHANNEL_THREADS = 256;

    private final CudaDevice device;
    private final Transfers transfers;

    FusedOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    /** {@code x <= 0 ? 0 : grad} into a new contiguous storage of grad's dtype. */
    CudaStorage reluBackward(CudaStorage grad, Layout gLayout, CudaStorage x, Layout xLayout) {
        requireDtype("reluBackward", "x", x, grad.dtype());
        int n = gLayout.numel();
        CudaStorage out = transfers.empty(grad.dtype(), n);
        if (n == 0) return out;
        try {
            KernelArgs args = device.args().ptr(out.address()).ptr(grad.address());
            String kernel = "relu_backward_";
            if (gLayout.isContiguous() && xLayout.isContiguous()) {
                args.i64(gLayout.offset()).ptr(x.address()).i64(xLayout.offset());
            } else {
                Views v = Views.of(gLayout, xLayout);
                v.addTo(args, 0).ptr(x.address());
                v.addTo(args, 1);
                kernel = "relu_backward_strided_";
            }
            args.i32(n);
            device.kernel("fused.cu", kernel + Transfers.suffix(grad.dtype())).launchLinear(n, args);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** One Adam step in place into p, m and v (see {@code Backend.adamUpdate}). */
    void adamUpdate(AdamStep s, CudaStorage p, Layout pLayout, CudaStorage g, Layout gLayout,
                    CudaStorage m, Layout mLayout, CudaStorage v, Layout vLayout) {
        DType t = p.dtype();
        if (!t.isFloating()) {
            throw new IllegalArgumentException("adamUpdate: parameters of " + t + "; Adam updates F32 and F64 only");
        }
        requireDtype("adamUpdate", "the gradient", g, t);
        requireDtype("adamUpdate", "exp_avg", m, t);
        requireDtype("adamUpdate", "exp_avg_sq", v, t);
        int n = pLayout.numel();
        if (n == 0) return;
        KernelArgs args = device.args();
        String kernel = "adam_";
        if (pLayout.isContiguous() && gLayout.isContiguous() && mLayout.isContiguous() && vLayout.isContiguous()) {
            args.ptr(p.address()).i64(pLayout.offset()).ptr(g.address()).i64(gLayout.offset());
            args.ptr(m.address()).i64(mLayout.offset()).ptr(v.address()).i64(vLayout.offset());
        } else {
            Views views = Views.of(pLayout, gLayout, mLayout, vLayout);
            views.addTo(args.ptr(p.address()), 0);
            views.addTo(args.ptr(g.address()), 1);
            views.addTo(args.ptr(m.address()), 2);
            views.addTo(args.ptr(v.address()), 3);
            kernel = "adam_strided_";
        }
        args.i32(n);
        // The scalars the default fills its one-element operands with, rounded to the tensor's type as full() does.
        double[] scalars = {s.beta1(), 1 - s.beta1(), s.beta2(), 1 - s.beta2(), s.bias2Sqrt(), s.eps(), -s.stepSize()};
        for (double scalar : scalars) {
            if (t == DType.F32) args.f32((float) scalar);
            else args.f64(scalar);
        }
        device.kernel("fused.cu", kernel + Transfers.suffix(t)).launchLinear(n, args);
    }

    /** [2, C] in x's dtype: each channel's mean, then its biased variance. */
    CudaStorage channelMoments(CudaStorage x, Layout xLayout) {
        Planes planes = Planes.of(xLayout);
        CudaStorage out = transfers.empty(x.dtype(), 2 * planes.channels());
        if (planes.channels() == 0) return out;
        try {
            KernelArgs args = device.args().ptr(x.address());
            boolean contiguous = xLayout.isContiguous();
            if (contiguous) args.i64(xLayout.offset()).i32(planes.rest());
            else channelsFirst(xLayout).addTo(args, 0);
            args.i32(planes.count()).ptr(out.address());
            String kernel = contiguous ? "channel_moments_" : "channel_moments_strided_";
            launchPerChannel(kernel + Transfers.suffix(x.dtype()), planes.channels(), args);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** [2, C] in g's dtype: each channel's sum of g, then its sum of {@code g * (x - center[c])}. */
    CudaStorage channelGradSums(CudaStorage g, Layout gLayout, CudaStorage x, Layout xLayout, CudaStorage center,
                                Layout centerLayout) {
        requireDtype("channelGradSums", "x", x, g.dtype());
        requireDtype("channelGradSums", "center", center, g.dtype());
        Planes planes = Planes.of(gLayout);
        CudaStorage out = transfers.empty(g.dtype(), 2 * planes.channels());
        if (planes.channels() == 0) return out;
        try {
            KernelArgs args = device.args().ptr(g.address());
            boolean contiguous = gLayout.isContiguous() && xLayout.isContiguous();
            if (contiguous) {
                args.i64(gLayout.offset()).ptr(x.address()).i64(xLayout.offset());
            } else {
                Views v = channelsFirst(gLayout, xLayout);
                v.addTo(args, 0).ptr(x.address());
                v.addTo(args, 1);
            }
            vector(args, center, centerLayout);
            if (contiguous) args.i32(planes.rest());
            args.i32(planes.count()).ptr(out.address());
            String kernel = contiguous ? "channel_grad_sums_" : "channel_grad_sums_strided_";
            launchPerChannel(kernel + Transfers.suffix(g.dtype()), planes.channels(), args);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** {@code scale[c] * u + vScale[c] * v + shift[c]} over [N, C, ...] into a new contiguous storage of u's dtype. */
    CudaStorage channelAffine(CudaStorage u, Layout uLayout, CudaStorage scale, Layout scaleLayout, CudaStorage v,
                              Layout vLayout, CudaStorage vScale, Layout vScaleLayout, CudaStorage shift,
                              Layout shiftLayout) {
        if ((v == null) != (vScale == null)) {
            throw new IllegalArgumentException("channelAffine: v and vScale must both be given or both be null");
        }
        requireDtype("channelAffine", "scale", scale, u.dtype());
        requireDtype("channelAffine", "shift", shift, u.dtype());
        if (v != null) {
            requireDtype("channelAffine", "v", v, u.dtype());
            requireDtype("channelAffine", "vScale", vScale, u.dtype());
        }
        Planes planes = Planes.of(uLayout);
        int n = uLayout.numel();
        CudaStorage out = transfers.empty(u.dtype(), n);
        if (n == 0) return out;
        try {
            KernelArgs args = device.args().ptr(out.address()).ptr(u.address());
            String kernel = "channel_affine_";
            if (uLayout.isContiguous() && (v == null || vLayout.isContiguous())) {
                args.i64(uLayout.offset()).ptr(v == null ? 0 : v.address()).i64(v == null ? 0 : vLayout.offset());
            } else {
                Views views = Views.of(uLayout, v == null ? uLayout : vLayout);
                views.addTo(args, 0).ptr(v == null ? 0 : v.address());
                views.addTo(args, 1);
                kernel = "channel_affine_strided_";
            }
            vector(args, scale, scaleLayout);
            if (v == null) args.ptr(0).i64(0).i64(0);
            else vector(args, vScale, vScaleLayout);
            vector(args, shift, shiftLayout);
            args.i32(planes.channels()).i32(planes.rest()).i32(n);
            device.kernel("fused.cu", kernel + Transfers.suffix(u.dtype())).launchLinear(n, args);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** One block of {@link #CHANNEL_THREADS} per channel. */
    private void launchPerChannel(String kernel, int channels, KernelArgs args) {
        device.kernel("fused.cu", kernel).launch(channels, 1, 1, CHANNEL_THREADS, 1, 1, 0, args);
    }

    /** A per-channel [C] view as (pointer, offset, stride). */
    private static void vector(KernelArgs args, CudaStorage s, Layout layout) {
        args.ptr(s.address()).i64(layout.offset()).i64(layout.stride(0));
    }

    /**
     * A channel op's [N, C, ...] input seen as N x C planes of {@code rest} values (the product of the axes after the
     * channel axis); each channel has {@code count = N * rest} values.
     */
    private record Planes(int channels, int rest, int count) {
        static Planes of(Layout layout) {
            Shape shape = layout.shape();
            if (shape.rank() < 2) {
                throw new IllegalArgumentException("channel op: expected a shape [N, C, ...], got " + shape);
            }
            int rest = 1;
            for (int d = 2; d < shape.rank(); d++) rest *= shape.dim(d);
            return new Planes(shape.dim(1), rest, shape.dim(0) * rest);
        }
    }

    /**
     * The view with its channel axis first, [C, N, ...], simplified for the strided per-channel kernels: value k of
     * channel c (k = b * rest + r over the batch b and the plane position r) is at its row-major position c*count+k.
     */
    static Views channelsFirst(Layout... layouts) {
        Layout[] swapped = new Layout[layouts.length];
        for (int i = 0; i < layouts.length; i++) swapped[i] = layouts[i].transpose(0, 1);
        return Views.of(swapped);
    }

    /** Rejects an input whose dtype is not {@code dtype}. */
    private static void requireDtype(String op, String name, CudaStorage s, DType dtype) {
        if (s.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": " + name + " is " + s.dtype() + ", expected " + dtype);
        }
    }
}
