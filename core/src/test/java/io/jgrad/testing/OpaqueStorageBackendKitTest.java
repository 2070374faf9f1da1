package io.jgrad.testing;

import io.jgrad.backend.Backend;

/**
 * The backend test kit on {@link OpaqueStorageBackend}: the kit itself never reads a backend's memory directly, and
 * the SPI's default fused ops (what a device backend gets without overriding them) agree with the reference.
 */
class OpaqueStorageBackendKitTest extends BackendTestKit {
    @Override
    protected Backend backend() { return OpaqueStorageBackend.INSTANCE; }
}
