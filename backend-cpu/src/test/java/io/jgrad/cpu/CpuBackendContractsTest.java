package io.jgrad.cpu;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.testing.DeviceFactoriesContract;
import io.jgrad.testing.IndexCheckContract;
import io.jgrad.testing.RandomContract;
import io.jgrad.testing.StorageReleaseContract;
import org.junit.jupiter.api.Nested;

/** The device-readiness contracts (random numbers, index checks, storage release, device factories) on cpu-simd. */
class CpuBackendContractsTest {
    private static final Backend SIMD = Backends.named("cpu-simd", Device.CPU);

    @Nested
    class Random extends RandomContract {
        @Override protected Backend backend() { return SIMD; }
    }

    @Nested
    class IndexChecks extends IndexCheckContract {
        @Override protected Backend backend() { return SIMD; }
    }

    @Nested
    class StorageRelease extends StorageReleaseContract {
        @Override protected Backend backend() { return SIMD; }
    }

    @Nested
    class DeviceFactories extends DeviceFactoriesContract {
        @Override protected Backend backend() { return SIMD; }
    }
}
