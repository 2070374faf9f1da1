package io.jgrad.cuda;

import io.jgrad.Autocast;
import org.bytedeco.cuda.global.cublas;

/**
 * How an F32 GEMM runs under {@link Autocast}: cuBLAS's compute types {@code CUBLAS_COMPUTE_32F_FAST_16BF} and
 * {@code CUBLAS_COMPUTE_32F_FAST_16F} take the F32 matrices as they are, round the inputs to bfloat16 or half on their
 * way into the tensor cores, and accumulate and write in F32 (the "32F" compute type: the scale factors and the
 * accumulator are F32; a 16-bit tensor-core product with F32 accumulation is exact in F32, so only the input rounding
 * and F32's own summation error remain). No conversion kernel, no 16-bit copies, and the operand layouts
 * ({@link GemmOperand}) are the F32 ones.
 *
 * <p>cuBLAS documents these compute types as allowing, not forcing, the reduced precision: where it picks a kernel
 * without tensor cores the result is plain F32, which is what {@link Autocast} promises ("may"). BF16 tensor cores
 * start with compute capability 8.0 (Ampere); on a 7.5 device (Turing) a BF16 request runs in F32. F16 tensor cores
 * exist on every supported device.
 */
final class AutocastGemm {
    /** The first compute capability (major) with bfloat16 tensor cores. */
    static final int BF16_MIN_MAJOR = 8;

    private AutocastGemm() {}

    /** The precision an F32 GEMM on {@code device} actually asks cuBLAS for when {@code requested} is current. */
    static Autocast.Precision onDevice(Autocast.Precision requested, CudaDeviceInfo device) {
        if (requested == Autocast.Precision.BF16 && device.major() < BF16_MIN_MAJOR) return Autocast.Precision.F32;
        return requested;
    }

    /** The cuBLAS compute type of a reduced-precision F32 GEMM. */
    static int computeType(Autocast.Precision precision) {
        return switch (precision) {
            case BF16 -> cublas.CUBLAS_COMPUTE_32F_FAST_16BF;
            case F16 -> cublas.CUBLAS_COMPUTE_32F_FAST_16F;
            case F32 -> throw new IllegalArgumentException("autocast gemm: F32 is cublasSgemm's, not a compute type");
        };
    }
}
