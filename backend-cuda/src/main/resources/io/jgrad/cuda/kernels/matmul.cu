// The matrix products cuBLAS does not cover: integer (and BOOL) batched matmul, accumulated in 64 bits as the
// reference backend's long loop does, and the dense layer's epilogue (bias per column, then ReLU) over a GEMM's output.
#include "jgrad.cuh"

// out[p, i, j] = sum_q a[p, i, q] * b[p, q, j] for the views a [batch, m, k] and b [batch, k, n] (any strides, 0
// included), out contiguous [batch, m, n]. The products and the sum wrap modulo 2^64 like Java's longs; the sum is
// then narrowed to T as the reference's setLong does. 32-bit index math: the output has fewer than 2^31 elements.
template <typename T>
__device__ void matmul_integer(const T* a, JgLayout al, const T* b, JgLayout bl, T* out, int m, int k, int n,
                               int total) {
    for (unsigned o = blockIdx.x * blockDim.x + threadIdx.x; o < (unsigned) total; o += blockDim.x * gridDim.x) {
        unsigned j = o % (unsigned) n, row = o / (unsigned) n;
        unsigned i = row % (unsigned) m, p = row / (unsigned) m;
        const T* x = a + al.offset + p * al.strides[0] + i * al.strides[1];
        const T* y = b + bl.offset + p * bl.strides[0] + j * bl.strides[2];
        unsigned long long acc = 0;
        for (int q = 0; q < k; ++q) {
            unsigned long long xq = (unsigned long long) (long long) x[q * al.strides[2]];
            acc += xq * (unsigned long long) (long long) y[q * bl.strides[1]];
        }
        out[o] = jg_from_long<T>((long long) acc);
    }
}

#define JG_MATMUL_INTEGER_KERNEL(suffix, type)                                                                    \
    extern "C" __global__ void matmul_integer_##suffix(const type* a, JgLayout al, const type* b, JgLayout bl,     \
                                                       type* out, int m, int k, int n, int total) {               \
        matmul_integer<type>(a, al, b, bl, out, m, k, n, total);                                                  \
    }

JG_MATMUL_INTEGER_KERNEL(i32, int)
JG_MATMUL_INTEGER_KERNEL(i64, long long)
JG_MATMUL_INTEGER_KERNEL(u8, unsigned char)

// x + y as the reference's binary ADD computes it: floats in double, rounded once to T (for F32 this is the float
// sum); integers in 64 bits, wrapping, then narrowed.
template <typename T> __device__ __forceinline__ T linear_add(T x, T y) {
    if constexpr (jg_is_floating<T>::value) {
        return jg_from_double<T>(__dadd_rn((double) x, (double) y));
    } else {
        return jg_from_long<T>((long long) ((unsigned long long) (long long) x + (unsigned long long) (long long) y));
    }
}

// The dense layer's epilogue, in place over y [rows, cols] (contiguous): y + bias[j] on every row when has_bias, then
// ReLU (x <= 0 ? 0 : x, so NaN stays NaN and -0 becomes +0) when relu. The bias is a strided [cols] view.
template <typename T>
__device__ void linear_epilogue(T* y, int cols, int total, const T* bias, long long bias_offset, long long bias_stride,
                                int has_bias, int relu) {
    for (unsigned o = blockIdx.x * blockDim.x + threadIdx.x; o < (unsigned) total; o += blockDim.x * gridDim.x) {
        T v = y[o];
        if (has_bias) v = linear_add<T>(v, bias[bias_offset + (long long) (o % (unsigned) cols) * bias_stride]);
        if (relu) v = v <= (T) 0 ? (T) 0 : v;
        y[o] = v;
    }
}

#define JG_LINEAR_EPILOGUE_KERNEL(suffix, type)                                                                   \
    extern "C" __global__ void linear_epilogue_##suffix(type* y, int cols, int total, const type* bias,          \
                                                        long long bias_offset, long long bias_stride,            \
                                                        int has_bias, int relu) {                                \
        linear_epilogue<type>(y, cols, total, bias, bias_offset, bias_stride, has_bias, relu);                   \
    }

JG_FOR_EACH_TYPE(JG_LINEAR_EPILOGUE_KERNEL)
