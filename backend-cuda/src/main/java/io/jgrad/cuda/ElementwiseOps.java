package io.jgrad.cuda;

import io.jgrad.Layout;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.UnaryOp;

/**
 * Unary, binary, comparison and selection kernels ({@code kernels/elementwise.cu}) over strided, broadcast views, with
 * the reference backend's semantics: floating-point ops computed in double and rounded once to the result's type,
 * integer ops in 64 bits (the ops that keep integers integer: {@link UnaryOp#keepsIntegers()}), NaN handling exactly
 * as the op's Java definition.
 */
final class ElementwiseOps {
    private final CudaDevice device;
    private final Transfers transfers;

    ElementwiseOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage unary(UnaryOp op, CudaStorage x, Layout xLayout, double a, double b) {
        throw new UnsupportedOperationException("unary");
    }

    CudaStorage binary(BinaryOp op, CudaStorage x, Layout xLayout, CudaStorage y, Layout yLayout) {
        throw new UnsupportedOperationException("binary");
    }

    void binaryInPlace(BinaryOp op, CudaStorage dst, Layout dstLayout, CudaStorage y, Layout yLayout) {
        throw new UnsupportedOperationException("binaryInPlace");
    }

    CudaStorage compare(CompareOp op, CudaStorage x, Layout xLayout, CudaStorage y, Layout yLayout) {
        throw new UnsupportedOperationException("compare");
    }

    CudaStorage where(CudaStorage cond, Layout condLayout, CudaStorage x, Layout xLayout, CudaStorage y, Layout yLayout) {
        throw new UnsupportedOperationException("where");
    }
}
