package io.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For GPU tests of cuDNN: skips, with the probe's reason, where cuDNN is not installed or was disabled, and fails
 * where {@code libcudnn.so.9} is on the search path but did not load (a probe or loading bug must not pass as a skip).
 */
final class CudnnRequired {
    private CudnnRequired() {}

    static void check() {
        CudnnStatus status = Cuda.status().cudnn();
        if (status.available()) return;
        boolean installed = LibrarySearchPath.fromEnvironment().find(CudnnProbe.CUDNN.file()).isPresent();
        boolean disabled = CudnnProbe.disabled(System.getProperty(CudnnProbe.PROPERTY));
        assumeTrue(installed && !disabled, () -> "cuDNN is not available: " + status.reason());
        fail("libcudnn.so.9 is on the search path but cuDNN was not loaded: " + status.reason());
    }
}
