package io.jgrad.cuda;

import io.jgrad.Autocast;
import org.bytedeco.cuda.global.cudart;

/**
 * An F32 GEMM under {@link Autocast}: both inputs are rounded to bfloat16 or half by a conversion kernel
 * ({@code kernels/precision.cu}, round to nearest even, overflow to infinity), then {@code cublasGemmEx} multiplies the
 * 16-bit copies on tensor cores with F32 accumulation and writes F32 ({@code CUBLAS_COMPUTE_32F}: a product of two
 * 16-bit values is exact in F32, so the result is F32's sum of the exact products of the rounded inputs). Each copy
 * covers the span of device memory its operand's layout reaches (leading dimension, batch stride), so the GEMM reads
 * the copy with the F32 operand's own layout.
 *
 * <p>Why not cuBLAS's {@code CUBLAS_COMPUTE_32F_FAST_16BF} on the F32 matrices: on the H200 it returned products an
 * order of magnitude more accurate than bfloat16 inputs allow (normwise error 2.6e-4 against 2^-8 = 3.9e-3; gpu-check
 * of 2026-12-04), i.e. it does not round the inputs to bfloat16, and its F16 mode never overflowed, which hides from
 * the loss scaler the overflows that F16 training must see.
 *
 * <p>BF16 tensor cores start with compute capability 8.0 (Ampere); on a 7.5 device (Turing) a BF16 request runs in F32.
 */
final class AutocastGemm {
    /** The first compute capability (major) with bfloat16 tensor cores. */
    static final int BF16_MIN_MAJOR = 8;

    private AutocastGemm() {}

    /** The precision an F32 GEMM on {@code device} actually runs in when {@code requested} is current. */
    static Autocast.Precision onDevice(Autocast.Precision requested, CudaDeviceInfo device) {
        if (requested == Autocast.Precision.BF16 && device.major() < BF16_MIN_MAJOR) return Autocast.Precision.F32;
        return requested;
    }

    /** The CUDA data type ({@code cudaDataType}) of the 16-bit inputs. */
    static int inputType(Autocast.Precision precision) {
        return switch (precision) {
            case BF16 -> cudart.CUDA_R_16BF;
            case F16 -> cudart.CUDA_R_16F;
            case F32 -> throw new IllegalArgumentException("autocast gemm: F32 inputs are cublasSgemm's");
        };
    }

    /** The conversion kernel of {@code precision.cu} that rounds F32 to the 16-bit format. */
    static String conversionKernel(Autocast.Precision precision) {
        return switch (precision) {
            case BF16 -> "f32_to_bf16";
            case F16 -> "f32_to_f16";
            case F32 -> throw new IllegalArgumentException("autocast gemm: F32 needs no conversion");
        };
    }

    /**
     * Elements from an operand's first to one past its last, for a row-major matrix stored {@code rows x cols} with
     * row stride {@code ld}, repeated {@code batch} times {@code stride} apart (0 when the matrix is empty).
     */
    static long span(int rows, int cols, int ld, long stride, int batch) {
        if (rows == 0 || cols == 0) return 0;
        return (batch - 1) * stride + (long) (rows - 1) * ld + cols;
    }

    /** The span of jgrad's A ({@code [m, k]}, or stored {@code [k, m]} when transposed). */
    static long spanA(RowMajorGemm g) {
        return g.transA() ? span(g.k(), g.m(), g.lda(), g.strideA(), g.batch())
                : span(g.m(), g.k(), g.lda(), g.strideA(), g.batch());
    }

    /** The span of jgrad's B ({@code [k, n]}, or stored {@code [n, k]} when transposed). */
    static long spanB(RowMajorGemm g) {
        return g.transB() ? span(g.n(), g.k(), g.ldb(), g.strideB(), g.batch())
                : span(g.k(), g.n(), g.ldb(), g.strideB(), g.batch());
    }

    /**
     * F32 {@code C = alpha A B + beta C} (A, B and C at device addresses) in {@code precision}: F32 is
     * {@code cublasSgemm}; BF16 and F16 round 16-bit copies of A and B and multiply those.
     */
    static void multiply(CudaDevice device, RowMajorGemm gemm, Autocast.Precision precision, float alpha, long a,
                         long b, float beta, long c) {
        Autocast.Precision effective = onDevice(precision, device.context().info());
        if (effective == Autocast.Precision.F32) {
            device.blas().gemmF32(gemm, alpha, a, b, beta, c);
            return;
        }
        DeviceBlock a16 = rounded(device, effective, a, spanA(gemm));
        try {
            DeviceBlock b16 = rounded(device, effective, b, spanB(gemm));
            try {
                device.blas().gemm16(gemm, inputType(effective), alpha, a16.address(), b16.address(), beta, c);
            } finally {
                device.allocator().free(b16);
            }
        } finally {
            device.allocator().free(a16);
        }
    }

    /** A 16-bit copy of {@code count} F32 values at {@code address} (the GEMM runs before the block is reused). */
    private static DeviceBlock rounded(CudaDevice device, Autocast.Precision precision, long address, long count) {
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("autocast gemm: an operand spans " + count + " elements");
        }
        DeviceBlock half = device.allocator().allocate(2L * Math.max(count, 1));
        try {
            int n = (int) count;
            KernelArgs args = device.args().ptr(address).ptr(half.address()).i32(n);
            device.kernel("precision.cu", conversionKernel(precision)).launchLinear(n, args);
            return half;
        } catch (RuntimeException e) {
            device.allocator().free(half);
            throw e;
        }
    }
}
