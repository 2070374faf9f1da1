package io.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;
import io.jgrad.testing.BackendTestKit;

import org.junit.jupiter.api.Test;

/**
 * The backend test kit (contracts against the reference backend, gradient checks, Tensor API) on cpu-simd, and its
 * discovery: the kernels' own tests (tails, GEMM, threads, fast paths) are beside this class.
 */
class CpuBackendKitTest extends BackendTestKit {
    @Override
    protected Backend backend() { return Backends.named("cpu-simd", Device.CPU); }

    @Test
    void cpuSimdIsDiscoveredAndPreferred() {
        var info = Backends.providers().stream().filter(i -> i.provider().name().equals("cpu-simd")).findFirst()
                .orElseThrow(() -> new AssertionError("cpu-simd not found by ServiceLoader"));
        assertTrue(info.availability().available(), info.availability().reason());
        assertEquals("cpu-simd", Backends.forDevice(Device.CPU).name());
    }
}
