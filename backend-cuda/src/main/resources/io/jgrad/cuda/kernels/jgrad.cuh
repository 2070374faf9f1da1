// Definitions shared by jgrad's CUDA kernels. Compiled at run time by NVRTC (which reads no files: the Java side
// passes this header by name) and by nvcc in KernelSourcesNvccTest, so use nothing from the host headers.
#pragma once

// Highest rank a JgLayout holds; KernelArgs.MAX_RANK on the Java side.
#define JG_MAX_RANK 8

// A strided view of a tensor, passed by value: element (i0, ..., i[rank-1]) lives at
// offset + sum(i[d] * strides[d]) elements from the storage's start. Everything is a long long so the struct has no
// padding and matches KernelArgs.layout byte for byte; dimensions past rank have size 1 and stride 0.
struct JgLayout {
    long long rank;
    long long offset;
    long long shape[JG_MAX_RANK];
    long long strides[JG_MAX_RANK];
};

// The storage offset of the element whose row-major (C order) position in the view is `linear`.
__device__ __forceinline__ long long jg_offset(const JgLayout& layout, long long linear) {
    long long offset = layout.offset;
    for (int d = (int) layout.rank - 1; d >= 0; --d) {
        long long size = layout.shape[d];
        offset += (linear % size) * layout.strides[d];
        linear /= size;
    }
    return offset;
}

// A grid-stride loop over [0, n): any grid size covers every element.
#define JG_FOR_EACH_INDEX(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

// Conversions with the semantics of Java's casts, which the reference backend uses: a floating value becomes an
// integer by truncation toward zero, NaN giving 0 and out-of-range values the nearest bound; BOOL is `value != 0`
// (NaN included); an integer narrows by keeping its low bits. Written out rather than left to the C cast, whose
// behaviour for NaN and out-of-range values is undefined.
template <typename To> __device__ __forceinline__ To jg_from_double(double v);
template <> __device__ __forceinline__ float jg_from_double<float>(double v) { return (float) v; }
template <> __device__ __forceinline__ double jg_from_double<double>(double v) { return v; }
template <> __device__ __forceinline__ int jg_from_double<int>(double v) {
    if (v != v) return 0;
    if (v >= 2147483647.0) return 2147483647;
    if (v <= -2147483648.0) return (int) (-2147483647 - 1);
    return (int) v;
}
template <> __device__ __forceinline__ long long jg_from_double<long long>(double v) {
    if (v != v) return 0;
    if (v >= 9223372036854775807.0) return 9223372036854775807LL;
    if (v <= -9223372036854775808.0) return (long long) (-9223372036854775807LL - 1);
    return (long long) v;
}
template <> __device__ __forceinline__ unsigned char jg_from_double<unsigned char>(double v) { return v != 0.0 ? 1 : 0; }

template <typename To> __device__ __forceinline__ To jg_from_long(long long v) { return (To) v; }
template <> __device__ __forceinline__ unsigned char jg_from_long<unsigned char>(long long v) { return v != 0 ? 1 : 0; }

template <typename T> struct jg_is_floating { static const bool value = false; };
template <> struct jg_is_floating<float> { static const bool value = true; };
template <> struct jg_is_floating<double> { static const bool value = true; };

// A value of type From as type To, by the rules above (a floating source goes through double, exactly).
template <typename To, typename From> __device__ __forceinline__ To jg_convert(From v) {
    return jg_is_floating<From>::value ? jg_from_double<To>((double) v) : jg_from_long<To>((long long) v);
}

// The element types jgrad stores: suffix and C type (BOOL is one byte).
#define JG_FOR_EACH_TYPE(X) \
    X(f32, float)           \
    X(f64, double)          \
    X(i32, int)             \
    X(i64, long long)       \
    X(u8, unsigned char)
