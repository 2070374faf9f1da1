package io.jgrad.backend;

import io.jgrad.Device;
import io.jgrad.testing.DeviceFactoriesContract;
import io.jgrad.testing.IndexCheckContract;
import io.jgrad.testing.RandomContract;
import io.jgrad.testing.StorageReleaseContract;
import org.junit.jupiter.api.Nested;

/** The device-readiness contracts (random numbers, index checks, storage release, device factories) on the reference. */
class ReferenceBackendContractsTest {
    private static final Backend REFERENCE = Backends.named("reference", Device.CPU);

    @Nested
    class Random extends RandomContract {
        @Override protected Backend backend() { return REFERENCE; }
    }

    @Nested
    class IndexChecks extends IndexCheckContract {
        @Override protected Backend backend() { return REFERENCE; }
    }

    @Nested
    class StorageRelease extends StorageReleaseContract {
        @Override protected Backend backend() { return REFERENCE; }
    }

    @Nested
    class DeviceFactories extends DeviceFactoriesContract {
        @Override protected Backend backend() { return REFERENCE; }
    }
}
