package io.jgrad.cuda;

import io.jgrad.Autocast;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One device's cuBLAS handle, bound to the device's stream. F32 GEMMs use TF32 tensor cores only when
 * {@code jgrad.cuda.tf32=true} (10-bit mantissa products: faster, about 1e-3 relative error); F64 always runs in
 * full precision. Under {@link Autocast} (BF16 or F16), an F32 GEMM keeps F32 data and outputs but runs on tensor
 * cores with its inputs rounded to 16 bits and F32 accumulation ({@link AutocastGemm}). Calls are serialised: a
 * cuBLAS handle must not be used by two threads at once.
 */
final class Cublas implements AutoCloseable {
    /** System property that lets F32 GEMMs use TF32 tensor cores. */
    static final String TF32_PROPERTY = "jgrad.cuda.tf32";

    private final CudaContext context;
    private final cublasContext handle = new cublasContext();
    private final boolean tf32;
    private final FloatPointer alphaF32 = new FloatPointer(1);
    private final FloatPointer betaF32 = new FloatPointer(1);
    private final DoublePointer alphaF64 = new DoublePointer(1);
    private final DoublePointer betaF64 = new DoublePointer(1);
    private boolean closed;

    /** A handle on {@code context}'s stream; TF32 as {@code jgrad.cuda.tf32} says. */
    static Cublas create(CudaContext context) {
        return new Cublas(context, Boolean.getBoolean(TF32_PROPERTY));
    }

    Cublas(CudaContext context, boolean tf32) {
        this.context = context;
        this.tf32 = tf32;
        context.makeCurrent();
        CudaChecks.checkBlas(cublas.cublasCreate_v2(handle), "cublasCreate");
        CudaChecks.checkBlas(cublas.cublasSetStream_v2(handle, context.stream()), "cublasSetStream");
        CudaChecks.checkBlas(cublas.cublasSetMathMode(handle, tf32 ? cublas.CUBLAS_TF32_TENSOR_OP_MATH : cublas.CUBLAS_DEFAULT_MATH),
                "cublasSetMathMode");
    }

    boolean tf32() { return tf32; }

    /** The handle's math mode as cuBLAS reports it ({@code CUBLAS_DEFAULT_MATH} or {@code CUBLAS_TF32_TENSOR_OP_MATH}). */
    synchronized int mathMode() {
        int[] mode = new int[1];
        CudaChecks.checkBlas(cublas.cublasGetMathMode(handle, mode), "cublasGetMathMode");
        return mode[0];
    }

    /**
     * F32 {@code C = alpha op(A) op(B) + beta C} for row-major device matrices at addresses {@code a}, {@code b},
     * {@code c} ({@code cublasSgemm}; TF32 only with {@code jgrad.cuda.tf32=true}).
     */
    synchronized void gemmF32(RowMajorGemm gemm, float alpha, long a, long b, float beta, long c) {
        ColumnMajorGemm g = gemm.toColumnMajor();
        begin();
        alphaF32.put(0, alpha);
        betaF32.put(0, beta);
        // Column-major: the first operand is jgrad's B, the second its A.
        FloatPointer first = DevicePointers.floatsAt(b);
        FloatPointer second = DevicePointers.floatsAt(a);
        FloatPointer out = DevicePointers.floatsAt(c);
        if (g.batch() == 1) {
            CudaChecks.checkBlas(cublas.cublasSgemm_v2(handle, op(g.transFirst()), op(g.transSecond()), g.m(), g.n(), g.k(),
                    alphaF32, first, g.ldFirst(), second, g.ldSecond(), betaF32, out, g.ldc()), "cublasSgemm");
        } else {
            CudaChecks.checkBlas(cublas.cublasSgemmStridedBatched(handle, op(g.transFirst()), op(g.transSecond()), g.m(), g.n(),
                    g.k(), alphaF32, first, g.ldFirst(), g.strideFirst(), second, g.ldSecond(), g.strideSecond(), betaF32, out,
                    g.ldc(), g.strideC(), g.batch()), "cublasSgemmStridedBatched");
        }
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} with A and B in a 16-bit format ({@code inputType}: {@code CUDA_R_16BF} or
     * {@code CUDA_R_16F}, laid out as the F32 operands they were rounded from) and C in F32: {@code cublasGemmEx} /
     * {@code cublasGemmStridedBatchedEx} with {@code CUBLAS_COMPUTE_32F} (F32 accumulation, host float scale factors)
     * and cuBLAS's default algorithm choice (tensor cores for 16-bit inputs).
     */
    synchronized void gemm16(RowMajorGemm gemm, int inputType, float alpha, long a, long b, float beta, long c) {
        ColumnMajorGemm g = gemm.toColumnMajor();
        begin();
        alphaF32.put(0, alpha);
        betaF32.put(0, beta);
        Pointer first = DevicePointers.at(b);
        Pointer second = DevicePointers.at(a);
        Pointer out = DevicePointers.at(c);
        int f32 = cudart.CUDA_R_32F;
        int compute = cublas.CUBLAS_COMPUTE_32F;
        if (g.batch() == 1) {
            CudaChecks.checkBlas(cublas.cublasGemmEx(handle, op(g.transFirst()), op(g.transSecond()), g.m(), g.n(), g.k(),
                    alphaF32, first, inputType, g.ldFirst(), second, inputType, g.ldSecond(), betaF32, out, f32, g.ldc(),
                    compute, cublas.CUBLAS_GEMM_DEFAULT), "cublasGemmEx");
        } else {
            CudaChecks.checkBlas(cublas.cublasGemmStridedBatchedEx(handle, op(g.transFirst()), op(g.transSecond()), g.m(),
                    g.n(), g.k(), alphaF32, first, inputType, g.ldFirst(), g.strideFirst(), second, inputType, g.ldSecond(),
                    g.strideSecond(), betaF32, out, f32, g.ldc(), g.strideC(), g.batch(), compute,
                    cublas.CUBLAS_GEMM_DEFAULT), "cublasGemmStridedBatchedEx");
        }
    }

    /** F64 {@code C = alpha op(A) op(B) + beta C} for row-major device matrices at addresses {@code a}, {@code b}, {@code c}. */
    synchronized void gemmF64(RowMajorGemm gemm, double alpha, long a, long b, double beta, long c) {
        ColumnMajorGemm g = gemm.toColumnMajor();
        begin();
        alphaF64.put(0, alpha);
        betaF64.put(0, beta);
        DoublePointer first = DevicePointers.doublesAt(b);
        DoublePointer second = DevicePointers.doublesAt(a);
        DoublePointer out = DevicePointers.doublesAt(c);
        if (g.batch() == 1) {
            CudaChecks.checkBlas(cublas.cublasDgemm_v2(handle, op(g.transFirst()), op(g.transSecond()), g.m(), g.n(), g.k(),
                    alphaF64, first, g.ldFirst(), second, g.ldSecond(), betaF64, out, g.ldc()), "cublasDgemm");
        } else {
            CudaChecks.checkBlas(cublas.cublasDgemmStridedBatched(handle, op(g.transFirst()), op(g.transSecond()), g.m(), g.n(),
                    g.k(), alphaF64, first, g.ldFirst(), g.strideFirst(), second, g.ldSecond(), g.strideSecond(), betaF64, out,
                    g.ldc(), g.strideC(), g.batch()), "cublasDgemmStridedBatched");
        }
    }

    private void begin() {
        if (closed) throw new IllegalStateException("cuBLAS handle of cuda:" + context.ordinal() + " is closed");
        context.makeCurrent();
    }

    private static int op(boolean transpose) {
        return transpose ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        context.makeCurrent();
        CudaChecks.checkBlas(cublas.cublasDestroy_v2(handle), "cublasDestroy");
        alphaF32.close();
        betaF32.close();
        alphaF64.close();
        betaF64.close();
    }
}
