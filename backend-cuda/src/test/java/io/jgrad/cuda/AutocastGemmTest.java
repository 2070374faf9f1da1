package io.jgrad.cuda;

import io.jgrad.Autocast.Precision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The input types, operand spans and device rules of autocast GEMMs (no GPU needed). */
class AutocastGemmTest {
    private static CudaDeviceInfo device(int major, int minor) {
        return new CudaDeviceInfo(0, "test", major, minor, 1L << 30, 1);
    }

    @Test
    void reducedInputsAre16BitCudaTypesConvertedByThePrecisionKernels() {
        // library_types.h: CUDA_R_16F = 2, CUDA_R_16BF = 14.
        assertEquals(14, AutocastGemm.inputType(Precision.BF16));
        assertEquals(2, AutocastGemm.inputType(Precision.F16));
        assertThrows(IllegalArgumentException.class, () -> AutocastGemm.inputType(Precision.F32));
        assertEquals("f32_to_bf16", AutocastGemm.conversionKernel(Precision.BF16));
        assertEquals("f32_to_f16", AutocastGemm.conversionKernel(Precision.F16));
    }

    /** The copies cover exactly the elements a GEMM reads: first to last, batch stride and padding included. */
    @Test
    void operandSpansReachTheLastElementTheGemmReads() {
        assertEquals(6, AutocastGemm.span(2, 3, 3, 0, 1));
        assertEquals(3 * 8 + 5, AutocastGemm.span(4, 5, 8, 0, 1), "row stride 8, last row read up to column 5");
        assertEquals(2 * 100 + 6, AutocastGemm.span(2, 3, 3, 100, 3), "three matrices 100 apart");
        assertEquals(6, AutocastGemm.span(2, 3, 3, 0, 4), "a matrix broadcast over the batch (stride 0)");
        assertEquals(0, AutocastGemm.span(0, 3, 3, 9, 2));
        assertEquals(0, AutocastGemm.span(2, 0, 1, 9, 2));
        // A [m=2, k=3] row-major (lda 3), B transposed: stored [n=4, k=3] with ldb 5.
        RowMajorGemm g = new RowMajorGemm(false, true, 2, 4, 3, 3, 5, 4, 0, 0, 0, 1);
        assertEquals(6, AutocastGemm.spanA(g));
        assertEquals(3 * 5 + 3, AutocastGemm.spanB(g));
        // A transposed: stored [k=3, m=2] with lda 2.
        RowMajorGemm t = new RowMajorGemm(true, false, 2, 4, 3, 2, 4, 4, 6, 12, 8, 2);
        assertEquals(6 + 2 * 2 + 2, AutocastGemm.spanA(t));
        assertEquals(12 + 2 * 4 + 4, AutocastGemm.spanB(t));
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
