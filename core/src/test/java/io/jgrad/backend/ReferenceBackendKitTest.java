package io.jgrad.backend;

import io.jgrad.Device;
import io.jgrad.testing.BackendTestKit;

/**
 * The backend test kit on the reference backend: its contract suites compare the reference with itself (a check of
 * the kit), its gradient checks and Tensor API tests check core's ops and gradient rules.
 */
class ReferenceBackendKitTest extends BackendTestKit {
    @Override
    protected Backend backend() { return Backends.named("reference", Device.CPU); }
}
