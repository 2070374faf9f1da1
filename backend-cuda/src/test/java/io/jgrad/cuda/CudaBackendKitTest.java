package io.jgrad.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.testing.BackendTestKit;

/**
 * The whole backend test kit (every SPI primitive and fused op against the reference backend, gradient checks of every
 * op, second-order checks, the Tensor API, random numbers, index checks, storage release) on {@code cuda:0}, F32 to
 * 1e-3. Skipped, with the probe's reason, where CUDA is not available.
 */
@GpuTest
class CudaBackendKitTest extends BackendTestKit {
    @Override
    protected Backend backend() { return availableOrSkip("cuda", Device.cuda(0)); }

    @Override
    protected double f32Tolerance() { return 1e-3; }
}
