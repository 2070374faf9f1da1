package io.jgrad.testing;

import io.jgrad.backend.Backend;

/**
 * The backend test kit on {@link OpaqueStorageBackend}: the kit itself never reads a backend's memory directly, and
 * the SPI's default fused ops (what a device backend gets without overriding them) agree with the reference. The
 * backend is seen through {@link ReleaseCheckingBackend}, so every default call the kit makes is also checked to
 * close every temporary it creates and only that: a device backend relying on the defaults leaks nothing.
 */
class OpaqueStorageBackendKitTest extends BackendTestKit {
    private static final Backend CHECKED =
            ReleaseCheckingBackend.over(OpaqueStorageBackend.INSTANCE, OpaqueStorageBackend::isClosed);

    @Override
    protected Backend backend() { return CHECKED; }
}
