package io.jgrad.cuda;

import io.jgrad.Layout;
import io.jgrad.backend.AdamStep;

/**
 * The fused training ops the CPU backend has, as single kernels ({@code kernels/fused.cu}): ReLU's gradient, the Adam
 * update in PyTorch's order of operations, and batch normalization's per-channel moments, gradient sums and affine map.
 */
final class FusedOps {
    private final CudaDevice device;
    private final Transfers transfers;

    FusedOps(CudaDevice device, Transfers transfers) {
        this.device = device;
        this.transfers = transfers;
    }

    CudaStorage reluBackward(CudaStorage grad, Layout gLayout, CudaStorage x, Layout xLayout) {
        throw new UnsupportedOperationException("reluBackward");
    }

    void adamUpdate(AdamStep s, CudaStorage p, Layout pLayout, CudaStorage g, Layout gLayout,
                    CudaStorage m, Layout mLayout, CudaStorage v, Layout vLayout) {
        throw new UnsupportedOperationException("adamUpdate");
    }

    CudaStorage channelMoments(CudaStorage x, Layout xLayout) {
        throw new UnsupportedOperationException("channelMoments");
    }

    CudaStorage channelGradSums(CudaStorage g, Layout gLayout, CudaStorage x, Layout xLayout, CudaStorage center, Layout centerLayout) {
        throw new UnsupportedOperationException("channelGradSums");
    }

    CudaStorage channelAffine(CudaStorage u, Layout uLayout, CudaStorage scale, Layout scaleLayout, CudaStorage v, Layout vLayout,
                              CudaStorage vScale, Layout vScaleLayout, CudaStorage shift, Layout shiftLayout) {
        throw new UnsupportedOperationException("channelAffine");
    }
}
