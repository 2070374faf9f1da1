package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Conv2dParams;

/**
 * Convolution and its two gradients through cuDNN ({@link Cudnn}), for F32 and F64 operands of one dtype; inside an
 * {@link Autocast} scope, F32 operands are rounded to BF16 or F16 copies ({@code kernels/precision.cu}, round to
 * nearest even), cuDNN accumulates in F32 on tensor cores, and the 16-bit result comes back as F32.
 *
 * <p>Each method returns null when cuDNN does not run that convolution (another dtype, mixed dtypes, groups that do not
 * divide the channels, no usable algorithm, an output gradient larger than the convolution's output); the caller then
 * composes it from primitives. Operands that are not packed at offset 0 are copied first (cuDNN's filters have no
 * strides, and a packed copy keeps every algorithm's alignment needs). A transposed convolution's output padding may
 * hand the gradients an output gradient shorter than the convolution's output: it is zero-padded to that size (the
 * missing positions contribute nothing). Empty convolutions give zeros without calling cuDNN.
 *
 * <p>cuDNN sums in its own order (and F32 in F32), so results agree with the reference to rounding, not bit for bit;
 * some gradient algorithms use atomics (see {@link Cudnn} for {@code jgrad.cuda.deterministic}).
 */
final class ConvolutionOps {
    private final CudaDevice device;
    private final Transfers transfers;
    private final boolean tf32 = Boolean.getBoolean(Cublas.TF32_PROPERTY);

    ConvolutionOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage conv2d(CudaStorage x, Layout xLayout, CudaStorage w, Layout wLayout, Conv2dParams p) {
        ConvKey key = key(x.dtype(), w.dtype(), xLayout.shape(), wLayout.shape(), p);
        if (key == null || !key.consistent()) return null;
        if (key.empty()) return transfers.zeros(x.dtype(), key.output().numel());
        ConvPlan plan = device.cudnn().plan(key);
        if (device.cudnn().algorithm(plan, ConvDirection.FORWARD) == null) return null;
        try (Operand in = operand(x, xLayout, key.precision());
             Operand weight = operand(w, wLayout, key.precision());
             Result y = result(x.dtype(), key.output().numel(), key.precision())) {
            if (!device.cudnn().run(plan, ConvDirection.FORWARD, in.address(), weight.address(), y.address())) {
                return null;
            }
            return y.finish();
        }
    }

    CudaStorage conv2dBackwardInput(CudaStorage gradOut, Layout gLayout, CudaStorage w, Layout wLayout,
                                    Shape inputShape, Conv2dParams p) {
        ConvKey key = key(gradOut.dtype(), w.dtype(), inputShape, wLayout.shape(), p);
        if (key == null || !key.consistent() || !fitsOutput(gLayout.shape(), key)) return null;
        if (key.empty()) return transfers.zeros(gradOut.dtype(), inputShape.numel());
        ConvPlan plan = device.cudnn().plan(key);
        if (device.cudnn().algorithm(plan, ConvDirection.BACKWARD_DATA) == null) return null;
        try (Operand weight = operand(w, wLayout, key.precision());
             Operand dy = gradient(gradOut, gLayout, key);
             Result dx = result(gradOut.dtype(), inputShape.numel(), key.precision())) {
            if (!device.cudnn().run(plan, ConvDirection.BACKWARD_DATA, weight.address(), dy.address(), dx.address())) {
                return null;
            }
            return dx.finish();
        }
    }

    CudaStorage conv2dBackwardWeight(CudaStorage gradOut, Layout gLayout, CudaStorage x, Layout xLayout,
                                     Shape weightShape, Conv2dParams p) {
        ConvKey key = key(gradOut.dtype(), x.dtype(), xLayout.shape(), weightShape, p);
        if (key == null || !key.consistent() || !fitsOutput(gLayout.shape(), key)) return null;
        if (key.empty()) return transfers.zeros(gradOut.dtype(), weightShape.numel());
        ConvPlan plan = device.cudnn().plan(key);
        if (device.cudnn().algorithm(plan, ConvDirection.BACKWARD_FILTER) == null) return null;
        try (Operand in = operand(x, xLayout, key.precision());
             Operand dy = gradient(gradOut, gLayout, key);
             Result dw = result(gradOut.dtype(), weightShape.numel(), key.precision())) {
            if (!device.cudnn().run(plan, ConvDirection.BACKWARD_FILTER, in.address(), dy.address(), dw.address())) {
                return null;
            }
            return dw.finish();
        }
    }

    /** The plan key, or null when the two operands' dtype is not one cuDNN takes (or they differ). */
    private ConvKey key(DType a, DType b, Shape input, Shape weight, Conv2dParams p) {
        if (a != b || input.rank() != 4 || weight.rank() != 4) return null;
        ConvPrecision precision = ConvPrecision.of(a, Autocast.current(), tf32);
        return precision == null ? null : ConvKey.of(input, weight, p, precision);
    }

    /** Whether an output gradient of {@code shape} is the convolution's output, or a part of it from the origin. */
    private static boolean fitsOutput(Shape shape, ConvKey key) {
        return shape.rank() == 4 && shape.dim(0) == key.n() && shape.dim(1) == key.o() && shape.dim(2) <= key.outH()
                && shape.dim(3) <= key.outW();
    }

    /**
     * The output gradient as a packed operand of the convolution's output size: zero-padded at the bottom and right
     * when shorter (a transposed convolution's output padding).
     */
    private Operand gradient(CudaStorage g, Layout gLayout, ConvKey key) {
        Shape out = key.output();
        if (gLayout.shape().equals(out)) return operand(g, gLayout, key.precision());
        CudaStorage padded = transfers.zeros(g.dtype(), out.numel());
        try {
            transfers.assign(padded, new Layout(gLayout.shape(), out.contiguousStrides(), 0), g, gLayout);
            return operand(padded, Layout.contiguous(out), key.precision()).alsoOwning(padded);
        } catch (RuntimeException e) {
            padded.close();
            throw e;
        }
    }

    /** A view as a packed operand at offset 0 in cuDNN's data type: itself, a packed copy, or a 16-bit copy. */
    private Operand operand(CudaStorage s, Layout layout, ConvPrecision precision) {
        boolean packed = layout.isContiguous() && layout.offset() == 0;
        CudaStorage full = packed ? s : transfers.copy(s, layout, s.dtype());
        if (!precision.reduced()) return new Operand(full.address(), packed ? null : full, null);
        try {
            int n = layout.numel();
            DeviceBlock half = device.allocator().allocate(2L * n);
            try {
                KernelArgs args = device.args().ptr(full.address()).ptr(half.address()).i32(n);
                device.kernel("precision.cu", precision == ConvPrecision.BF16 ? "f32_to_bf16" : "f32_to_f16")
                        .launchLinear(n, args);
                return new Operand(half.address(), null, half);
            } catch (RuntimeException e) {
                device.allocator().free(half);
                throw e;
            }
        } finally {
            if (!packed) full.close();
        }
    }

    /** A result of {@code n} elements of {@code dtype}, written by cuDNN directly or through a 16-bit buffer. */
    private Result result(DType dtype, int n, ConvPrecision precision) {
        CudaStorage out = transfers.empty(dtype, n);
        if (!precision.reduced()) return new Result(out, null, precision);
        try {
            return new Result(out, device.allocator().allocate(2L * n), precision);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A device operand and what to release after the call (a packed copy, a 16-bit buffer). */
    private final class Operand implements AutoCloseable {
        private final long address;
        private final CudaStorage ownedCopy;
        private final DeviceBlock ownedBlock;
        private CudaStorage alsoOwned;

        Operand(long address, CudaStorage ownedCopy, DeviceBlock ownedBlock) {
            this.address = address;
            this.ownedCopy = ownedCopy;
            this.ownedBlock = ownedBlock;
        }

        long address() { return address; }

        Operand alsoOwning(CudaStorage storage) {
            alsoOwned = storage;
            return this;
        }

        @Override
        public void close() {
            if (ownedCopy != null) ownedCopy.close();
            if (ownedBlock != null) device.allocator().free(ownedBlock);
            if (alsoOwned != null) alsoOwned.close();
        }
    }

    /** The storage returned to the caller, and for 16-bit precisions the buffer cuDNN writes, converted on finish. */
    private final class Result implements AutoCloseable {
        private final CudaStorage storage;
        private final DeviceBlock half;
        private final ConvPrecision precision;
        private boolean finished;

        Result(CudaStorage storage, DeviceBlock half, ConvPrecision precision) {
            this.storage = storage;
            this.half = half;
            this.precision = precision;
        }

        /** Where cuDNN writes. */
        long address() { return half == null ? storage.address() : half.address(); }

        /** The result as the caller's dtype (the 16-bit values converted exactly to F32); kept past close. */
        CudaStorage finish() {
            if (half != null) {
                int n = storage.length();
                KernelArgs args = device.args().ptr(half.address()).ptr(storage.address()).i32(n);
                device.kernel("precision.cu", precision == ConvPrecision.BF16 ? "bf16_to_f32" : "f16_to_f32")
                        .launchLinear(n, args);
            }
            finished = true;
            return storage;
        }

        @Override
        public void close() {
            if (half != null) device.allocator().free(half);
            if (!finished) storage.close();
        }
    }
}
