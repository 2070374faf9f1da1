package io.jgrad.cuda;

import io.jgrad.Layout;
import io.jgrad.backend.ReduceOp;

/**
 * Reductions over any set of axes, arg-reductions and softmax ({@code kernels/reduce.cu}), accumulating floating-point
 * values in double and integers in 64 bits as the reference backend does, with its NaN rules.
 */
final class ReductionOps {
    private final CudaDevice device;
    private final Transfers transfers;

    ReductionOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage reduce(ReduceOp op, CudaStorage x, Layout xLayout, boolean[] axes) {
        throw new UnsupportedOperationException("reduce");
    }

    CudaStorage argReduce(boolean max, CudaStorage x, Layout xLayout, int axis) {
        throw new UnsupportedOperationException("argReduce");
    }

    CudaStorage softmax(CudaStorage x, Layout xLayout, int axis, boolean log) {
        throw new UnsupportedOperationException("softmax");
    }
}
