package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;

/**
 * Max, average and adaptive average pooling and their gradients for F32 and F64 NCHW tensors, as NVRTC kernels
 * ({@code kernels/pool.cu}) that follow the reference backend's loops: max pooling returns the first maximum (NaN
 * counting as the maximum) and its I64 position within the plane, with dilation and ceil mode; average pooling uses
 * the reference's divisors (count_include_pad, ceil mode's clipped last windows). cuDNN's pooling is not used: it
 * returns no indices, has no dilation for max pooling, and its backward pass needs the forward's input and output,
 * which the SPI's average-pooling gradient does not receive.
 *
 * <p>Strided views are copied to packed ones first. The forward ops and the average gradients compute each element
 * independently, summing in double in the reference's order, so they match it exactly; the max-pooling gradient adds
 * each output gradient at its index with atomics, so where windows overlap the sum's order (and its last bits in F32)
 * may vary. Methods return null for other dtypes (the caller composes those from primitives).
 */
final class PoolingOps {
    private static final String FILE = "pool.cu";

    private final CudaDevice device;
    private final Transfers transfers;

    PoolingOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    private static boolean floating(DType t) { return t == DType.F32 || t == DType.F64; }

    /**
     * Whether an output gradient and an input shape are both NCHW with the same images and channels (the gradient
     * kernels index both by plane; anything else is left to the composition, which reports it).
     */
    private static boolean samePlanes(Shape gradOut, Shape input) {
        return gradOut.rank() == 4 && input.rank() == 4 && gradOut.dim(0) == input.dim(0)
                && gradOut.dim(1) == input.dim(1);
    }

    MaxPool2dResult maxPool2d(CudaStorage x, Layout xLayout, Pool2dParams p) {
        if (!floating(x.dtype()) || xLayout.shape().rank() != 4) return null;
        Shape xs = xLayout.shape();
        int h = xs.dim(2), w = xs.dim(3), oh = p.outH(h), ow = p.outW(w);
        int total = xs.dim(0) * xs.dim(1) * oh * ow;
        CudaStorage y = transfers.empty(x.dtype(), total);
        CudaStorage indices = null;
        try (Transfers.Contiguous in = transfers.contiguous(x, xLayout)) {
            indices = transfers.empty(DType.I64, total);
            KernelArgs args = device.args().ptr(in.address()).ptr(y.address()).ptr(indices.address()).i32(total)
                    .i32(h).i32(w).i32(oh).i32(ow).i32(p.kernelH()).i32(p.kernelW()).i32(p.strideH()).i32(p.strideW())
                    .i32(p.padH()).i32(p.padW()).i32(p.dilationH()).i32(p.dilationW());
            kernel("max_pool_forward", x.dtype()).launchLinear(total, args);
            return new MaxPool2dResult(y, indices);
        } catch (RuntimeException e) {
            y.close();
            if (indices != null) indices.close();
            throw e;
        }
    }

    CudaStorage maxPool2dBackward(CudaStorage gradOut, Layout gLayout, CudaStorage indices, Layout indicesLayout,
                                  Shape inputShape) {
        Shape gs = gLayout.shape();
        if (!floating(gradOut.dtype()) || indices.dtype() != DType.I64 || !samePlanes(gs, inputShape)
                || !indicesLayout.shape().equals(gs)) {
            return null;
        }
        int total = gs.numel(), ohw = gs.dim(2) * gs.dim(3), hw = inputShape.dim(2) * inputShape.dim(3);
        CudaStorage gx = transfers.zeros(gradOut.dtype(), inputShape.numel());
        try (Transfers.Contiguous g = transfers.contiguous(gradOut, gLayout);
             Transfers.Contiguous at = transfers.contiguous(indices, indicesLayout)) {
            KernelArgs args = device.args().ptr(g.address()).ptr(at.address()).ptr(gx.address()).i32(total).i32(ohw)
                    .i32(hw);
            kernel("max_pool_backward", gradOut.dtype()).launchLinear(total, args);
            return gx;
        } catch (RuntimeException e) {
            gx.close();
            throw e;
        }
    }

    CudaStorage avgPool2d(CudaStorage x, Layout xLayout, Pool2dParams p) {
        if (!floating(x.dtype()) || xLayout.shape().rank() != 4 || p.dilationH() != 1 || p.dilationW() != 1) {
            return null;
        }
        Shape xs = xLayout.shape();
        int h = xs.dim(2), w = xs.dim(3), oh = p.outH(h), ow = p.outW(w);
        int total = xs.dim(0) * xs.dim(1) * oh * ow;
        CudaStorage y = transfers.empty(x.dtype(), total);
        try (Transfers.Contiguous in = transfers.contiguous(x, xLayout)) {
            KernelArgs args = device.args().ptr(in.address()).ptr(y.address()).i32(total);
            window(args, h, w, oh, ow, p);
            kernel("avg_pool_forward", x.dtype()).launchLinear(total, args);
            return y;
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
    }

    CudaStorage avgPool2dBackward(CudaStorage gradOut, Layout gLayout, Shape inputShape, Pool2dParams p) {
        Shape gs = gLayout.shape();
        if (!floating(gradOut.dtype()) || !samePlanes(gs, inputShape) || p.dilationH() != 1 || p.dilationW() != 1) {
            return null;
        }
        int h = inputShape.dim(2), w = inputShape.dim(3), total = inputShape.numel();
        CudaStorage gx = transfers.empty(gradOut.dtype(), total);
        try (Transfers.Contiguous g = transfers.contiguous(gradOut, gLayout)) {
            KernelArgs args = device.args().ptr(g.address()).ptr(gx.address()).i32(total);
            window(args, h, w, gs.dim(2), gs.dim(3), p);
            kernel("avg_pool_backward", gradOut.dtype()).launchLinear(total, args);
            return gx;
        } catch (RuntimeException e) {
            gx.close();
            throw e;
        }
    }

    CudaStorage adaptiveAvgPool2d(CudaStorage x, Layout xLayout, int outH, int outW) {
        if (!floating(x.dtype()) || xLayout.shape().rank() != 4) return null;
        Shape xs = xLayout.shape();
        int total = xs.dim(0) * xs.dim(1) * outH * outW;
        CudaStorage y = transfers.empty(x.dtype(), total);
        try (Transfers.Contiguous in = transfers.contiguous(x, xLayout)) {
            KernelArgs args = device.args().ptr(in.address()).ptr(y.address()).i32(total).i32(xs.dim(2)).i32(xs.dim(3))
                    .i32(outH).i32(outW);
            kernel("adaptive_avg_pool_forward", x.dtype()).launchLinear(total, args);
            return y;
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
    }

    CudaStorage adaptiveAvgPool2dBackward(CudaStorage gradOut, Layout gLayout, Shape inputShape) {
        Shape gs = gLayout.shape();
        if (!floating(gradOut.dtype()) || !samePlanes(gs, inputShape)) return null;
        int total = inputShape.numel();
        CudaStorage gx = transfers.empty(gradOut.dtype(), total);
        try (Transfers.Contiguous g = transfers.contiguous(gradOut, gLayout)) {
            KernelArgs args = device.args().ptr(g.address()).ptr(gx.address()).i32(total).i32(inputShape.dim(2))
                    .i32(inputShape.dim(3)).i32(gs.dim(2)).i32(gs.dim(3));
            kernel("adaptive_avg_pool_backward", gradOut.dtype()).launchLinear(total, args);
            return gx;
        } catch (RuntimeException e) {
            gx.close();
            throw e;
        }
    }

    /** The average kernels' arguments after the element count: sizes, window, stride, padding, divisor rule. */
    private static void window(KernelArgs args, int h, int w, int oh, int ow, Pool2dParams p) {
        args.i32(h).i32(w).i32(oh).i32(ow).i32(p.kernelH()).i32(p.kernelW()).i32(p.strideH()).i32(p.strideW())
                .i32(p.padH()).i32(p.padW()).i32(p.countIncludePad() ? 1 : 0);
    }

    private CudaKernel kernel(String op, DType dtype) {
        return device.kernel(FILE, op + "_" + Transfers.suffix(dtype));
    }
}
