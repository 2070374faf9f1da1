package io.jgrad.cuda;

import io.jgrad.Autocast;
import io.jgrad.DType;
import org.bytedeco.cuda.global.cudnn;

/**
 * How cuDNN computes a convolution of jgrad tensors: the data type of its operands, the compute (accumulation) type
 * and the math type. F32 uses FMA math (full F32 products) unless {@code jgrad.cuda.tf32=true} allows TF32 tensor
 * cores; F64 runs in double; inside an {@link Autocast} scope F32 convolutions run on BF16 or F16 copies of their
 * operands with F32 accumulation on tensor cores, their results converted back to F32.
 */
enum ConvPrecision {
    F32(cudnn.CUDNN_DATA_FLOAT, cudnn.CUDNN_FMA_MATH, 4),
    F32_TF32(cudnn.CUDNN_DATA_FLOAT, cudnn.CUDNN_TENSOR_OP_MATH, 4),
    F64(cudnn.CUDNN_DATA_DOUBLE, cudnn.CUDNN_DEFAULT_MATH, 8),
    BF16(cudnn.CUDNN_DATA_BFLOAT16, cudnn.CUDNN_TENSOR_OP_MATH, 2),
    F16(cudnn.CUDNN_DATA_HALF, cudnn.CUDNN_TENSOR_OP_MATH, 2);

    private final int dataType;
    private final int mathType;
    private final int elementBytes;

    ConvPrecision(int dataType, int mathType, int elementBytes) {
        this.dataType = dataType;
        this.mathType = mathType;
        this.elementBytes = elementBytes;
    }

    /**
     * The precision for operands of {@code dtype} under {@code autocast}, or null when cuDNN does not take that dtype
     * (integers and BOOL: the caller uses the composed kernels, as the reference computes them in double).
     */
    static ConvPrecision of(DType dtype, Autocast.Precision autocast, boolean tf32) {
        return switch (dtype) {
            case F64 -> F64;
            case F32 -> switch (autocast) {
                case BF16 -> BF16;
                case F16 -> F16;
                case F32 -> tf32 ? F32_TF32 : F32;
            };
            default -> null;
        };
    }

    /** cuDNN's data type of the operands ({@code cudnnDataType_t}). */
    int dataType() { return dataType; }

    /** cuDNN's compute type: double for F64, float for everything else (the reduced formats accumulate in F32). */
    int computeType() { return this == F64 ? cudnn.CUDNN_DATA_DOUBLE : cudnn.CUDNN_DATA_FLOAT; }

    /** The convolution descriptor's math type ({@code cudnnMathType_t}). */
    int mathType() { return mathType; }

    /** Whether an algorithm with tensor-op math may be chosen (never for plain F32: its results would be TF32). */
    boolean allowsTensorOps() { return mathType != cudnn.CUDNN_FMA_MATH; }

    /** Whether the operands are 16-bit copies of F32 tensors. */
    boolean reduced() { return elementBytes == 2; }

    int elementBytes() { return elementBytes; }

    /** The scaling factors alpha and beta are doubles for F64 data and floats otherwise. */
    boolean doubleScaling() { return this == F64; }
}
