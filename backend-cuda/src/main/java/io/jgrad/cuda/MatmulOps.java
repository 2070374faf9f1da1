package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.DType;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;

/**
 * Batched matrix products through cuBLAS (F32, F64; TF32 only when {@code jgrad.cuda.tf32=true}) and a plain kernel
 * for integer types ({@code kernels/matmul.cu}), and the dense layer's fused forward (one GEMM, then bias and optional
 * ReLU in one pass). Inside an {@link Autocast} scope of BF16 or F16, F32 products (the dense layer's included) run on
 * tensor cores with 16-bit inputs and F32 accumulation ({@link AutocastGemm}); F64 and integer products never change.
 *
 * <p>Each operand goes to cuBLAS where it lies when it is row-major or transposed with usable leading dimensions
 * ({@link GemmOperand}); otherwise (step-sliced, rows broadcast) it is first copied contiguous, once for the whole
 * batch when the view repeats one matrix. Differs from the reference: cuBLAS accumulates in the operands' type, in its
 * own order and with fused multiply-adds, where the reference sums in double and rounds once, so F32 results carry
 * float rounding errors that grow with K (more with TF32) and F64 ones agree to rounding. Integer products are exact.
 */
final class MatmulOps {
    private final CudaDevice device;
    private final Transfers transfers;

    MatmulOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    /** [B, M, K] x [B, K, N] -> contiguous [B, M, N] in the operands' dtype. */
    CudaStorage matmul(CudaStorage a, Layout aLayout, CudaStorage b, Layout bLayout) {
        Shape as = aLayout.shape();
        int batch = as.dim(0), m = as.dim(1), k = as.dim(2), n = bLayout.shape().dim(2);
        DType t = a.dtype();
        if (b.dtype() != t) {
            throw new IllegalArgumentException("matmul: operands of " + t + " and " + b.dtype() + "; convert one");
        }
        int total = batch * m * n;
        if (!t.isFloating()) return integerMatmul(a, aLayout, b, bLayout, m, k, n, total);
        if (total == 0) return transfers.empty(t, 0);
        if (k == 0) return transfers.zeros(t, total);
        try (Operand x = operand(a, aLayout); Operand y = operand(b, bLayout)) {
            RowMajorGemm gemm = GemmOperand.gemm(x.gemm(), y.gemm(), batch, m, n, k);
            CudaStorage out = transfers.empty(t, total);
            try {
                long xa = x.address(), ya = y.address(), oa = out.address();
                if (t == DType.F32) AutocastGemm.multiply(device, gemm, Autocast.current(), 1f, xa, ya, 0f, oa);
                else device.blas().gemmF64(gemm, 1, xa, ya, 0, oa);
                return out;
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
    }

    /**
     * {@code x [M, K]} times the transpose of {@code w [N, K]} (one GEMM, w read through cuBLAS's transpose flag),
     * then, in one pass over the [M, N] result, {@code b [N]} added to every row when given and ReLU when {@code relu}.
     */
    CudaStorage linear(CudaStorage x, Layout xLayout, CudaStorage w, Layout wLayout, CudaStorage b, Layout bLayout,
                       boolean relu) {
        if (b != null && b.dtype() != x.dtype()) {
            throw new IllegalArgumentException("linear: bias of " + b.dtype() + " for an input of " + x.dtype()
                    + "; convert it first");
        }
        int n = wLayout.shape().dim(0);
        CudaStorage y = matmul(x, Backend.batchOfOne(xLayout), w, Backend.batchOfOne(wLayout.transpose(0, 1)));
        int total = y.length();
        if ((b == null && !relu) || total == 0) return y;
        try {
            KernelArgs args = device.args().ptr(y.address()).i32(n).i32(total);
            if (b != null) args.ptr(b.address()).i64(bLayout.offset()).i64(bLayout.stride(0)).i32(1);
            else args.ptr(0).i64(0).i64(0).i32(0);
            args.i32(relu ? 1 : 0);
            device.kernel("matmul.cu", "linear_epilogue_" + Transfers.suffix(y.dtype())).launchLinear(total, args);
            return y;
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
    }

    /** The integer (and BOOL) product: one thread per output element, a 64-bit wrapping sum as the reference's. */
    private CudaStorage integerMatmul(CudaStorage a, Layout aLayout, CudaStorage b, Layout bLayout, int m, int k, int n,
                                      int total) {
        CudaStorage out = transfers.empty(a.dtype(), total);
        if (total == 0) return out;
        try {
            KernelArgs args = device.args();
            args.ptr(a.address()).layout(aLayout.offset(), aLayout.shape().dims(), aLayout.strides());
            args.ptr(b.address()).layout(bLayout.offset(), bLayout.shape().dims(), bLayout.strides());
            args.ptr(out.address()).i32(m).i32(k).i32(n).i32(total);
            device.kernel("matmul.cu", "matmul_integer_" + Transfers.suffix(a.dtype())).launchLinear(total, args);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** An operand's device memory (the view's own, or a contiguous copy to close) and how cuBLAS reads it. */
    private record Operand(Transfers.Contiguous memory, GemmOperand gemm) implements AutoCloseable {
        long address() { return memory.address(); }

        @Override
        public void close() { memory.close(); }
    }

    private Operand operand(CudaStorage s, Layout view) {
        GemmOperand direct = GemmOperand.of(view);
        if (direct != null) return new Operand(new Transfers.Contiguous(s, view.offset(), false), direct);
        return new Operand(transfers.contiguous(s, GemmOperand.copied(view)), GemmOperand.ofCopy(view));
    }
}
