package io.jgrad.cuda;

import io.jgrad.Layout;

/**
 * indexSelect, gather and scatterAdd ({@code kernels/index.cu}). Every index value is checked on the device; an
 * out-of-range one raises {@link io.jgrad.backend.IndexRangeException} with the reference's message before anything is
 * written.
 */
final class IndexOps {
    private final CudaDevice device;
    private final Transfers transfers;

    IndexOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage indexSelect(CudaStorage x, Layout xLayout, int axis, CudaStorage index, Layout indexLayout) {
        throw new UnsupportedOperationException("indexSelect");
    }

    CudaStorage gather(CudaStorage x, Layout xLayout, int axis, CudaStorage index, Layout indexLayout) {
        throw new UnsupportedOperationException("gather");
    }

    void scatterAdd(CudaStorage dst, Layout dstLayout, int axis, CudaStorage index, Layout indexLayout, CudaStorage src, Layout srcLayout) {
        throw new UnsupportedOperationException("scatterAdd");
    }
}
