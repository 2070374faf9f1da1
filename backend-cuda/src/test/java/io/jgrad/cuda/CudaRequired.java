package io.jgrad.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips each test, with the probe's reason, unless CUDA is available. */
final class CudaRequired implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        CudaStatus status = Cuda.status();
        Assumptions.assumeTrue(status.available(), () -> "no usable CUDA device: " + status.reason());
    }
}
