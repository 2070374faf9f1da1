package io.jgrad.cuda;

import io.jgrad.Autocast.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The compute types and device rules of autocast GEMMs (no GPU needed). */
class AutocastGemmTest {
    private static CudaDeviceInfo device(int major, int minor) {
        return new CudaDeviceInfo(0, "test", major, minor, 1L << 30, 1);
    }

    @Test
    void computeTypesAreCublasFastModesWithF32Accumulation() {
        // cublas_api.h: CUBLAS_COMPUTE_32F_FAST_16F = 74, CUBLAS_COMPUTE_32F_FAST_16BF = 75.
        assertEquals(75, AutocastGemm.computeType(Precision.BF16));
        assertEquals(74, AutocastGemm.computeType(Precision.F16));
        assertThrows(IllegalArgumentException.class, () -> AutocastGemm.computeType(Precision.F32));
    }

    @Test
    void bf16NeedsAmpereAndF16RunsEverywhere() {
        assertEquals(Precision.F32, AutocastGemm.onDevice(Precision.BF16, device(7, 5)));
        assertEquals(Precision.BF16, AutocastGemm.onDevice(Precision.BF16, device(8, 0)));
        assertEquals(Precision.BF16, AutocastGemm.onDevice(Precision.BF16, device(9, 0)));
        assertEquals(Precision.F16, AutocastGemm.onDevice(Precision.F16, device(7, 5)));
        assertEquals(Precision.F32, AutocastGemm.onDevice(Precision.F32, device(9, 0)));
    }
}
