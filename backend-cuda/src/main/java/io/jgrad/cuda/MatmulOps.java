package io.jgrad.cuda;

import io.jgrad.Layout;

/**
 * Batched matrix products through cuBLAS (F32, F64; TF32 only when {@code jgrad.cuda.tf32=true}) and a plain kernel
 * for integer types ({@code kernels/matmul.cu}), and the dense layer's fused forward (GEMM, then bias and optional ReLU
 * in one pass).
 */
final class MatmulOps {
    private final CudaDevice device;
    private final Transfers transfers;
    private final ElementwiseOps elementwise;

    MatmulOps(CudaDevice device, Transfers transfers, ElementwiseOps elementwise) {
        this.device = device;
        this.transfers = transfers;
        this.elementwise = elementwise;
    }

    CudaStorage matmul(CudaStorage a, Layout aLayout, CudaStorage b, Layout bLayout) {
        throw new UnsupportedOperationException("matmul");
    }

    CudaStorage linear(CudaStorage x, Layout xLayout, CudaStorage w, Layout wLayout, CudaStorage b, Layout bLayout, boolean relu) {
        throw new UnsupportedOperationException("linear");
    }
}
