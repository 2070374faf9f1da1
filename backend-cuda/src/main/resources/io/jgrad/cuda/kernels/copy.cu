// Fill and strided copy for every element type: the pattern for jgrad's kernels (templates for the body,
// extern "C" entry points named <op>_<type> so cuModuleGetFunction finds them unmangled).
#include "jgrad.cuh"

template <typename T>
__device__ void fill(T* out, long long n, T value) {
    JG_FOR_EACH_INDEX(i, n) { out[i] = value; }
}

// Copies the n elements of the view `from` (of src) into the view `to` (of dst), both of the same shape, visiting
// elements in row-major order of that shape. Either view may be non-contiguous, broadcast (stride 0) or offset.
template <typename T>
__device__ void copy_strided(const T* src, JgLayout from, T* dst, JgLayout to, long long n) {
    JG_FOR_EACH_INDEX(i, n) { dst[jg_offset(to, i)] = src[jg_offset(from, i)]; }
}

#define JG_COPY_KERNELS(suffix, type)                                                                            \
    extern "C" __global__ void fill_##suffix(type* out, long long n, type value) { fill<type>(out, n, value); } \
    extern "C" __global__ void copy_strided_##suffix(const type* src, JgLayout from, type* dst, JgLayout to,   \
                                                     long long n) {                                            \
        copy_strided<type>(src, from, dst, to, n);                                                             \
    }

JG_FOR_EACH_TYPE(JG_COPY_KERNELS)

// Copies the view `from` of src (type From) into the view `to` of dst (type To), converting each element
// (jg_convert: Java's cast rules, as the reference backend's assign).
template <typename From, typename To>
__device__ void convert_strided(const From* src, JgLayout from, To* dst, JgLayout to, long long n) {
    JG_FOR_EACH_INDEX(i, n) { dst[jg_offset(to, i)] = jg_convert<To, From>(src[jg_offset(from, i)]); }
}

#define JG_CONVERT_KERNEL(from_suffix, from_type, to_suffix, to_type)                                                \
    extern "C" __global__ void convert_##from_suffix##_##to_suffix(const from_type* src, JgLayout from, to_type* dst, \
                                                                   JgLayout to, long long n) {                     \
        convert_strided<from_type, to_type>(src, from, dst, to, n);                                                 \
    }
#define JG_CONVERT_FROM(from_suffix, from_type)             \
    JG_CONVERT_KERNEL(from_suffix, from_type, f32, float)     \
    JG_CONVERT_KERNEL(from_suffix, from_type, f64, double)    \
    JG_CONVERT_KERNEL(from_suffix, from_type, i32, int)       \
    JG_CONVERT_KERNEL(from_suffix, from_type, i64, long long) \
    JG_CONVERT_KERNEL(from_suffix, from_type, u8, unsigned char)

JG_FOR_EACH_TYPE(JG_CONVERT_FROM)
