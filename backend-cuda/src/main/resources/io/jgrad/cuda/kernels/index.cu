// indexSelect, gather and scatterAdd with the reference backend's semantics, and the range check that runs before
// them. Index values are I64 (IndexOps converts any other dtype first). The op kernels trust every index value: the
// Java side (IndexOps) runs check_index_i64 and reads its result before it launches them.
#include "jgrad.cuh"
#include "view32.cuh"

// Records in *first_bad the smallest row-major position (in the index view) whose value lies outside [0, size);
// *first_bad must start at ~0 (no bad value), which it keeps when every value is in range.
extern "C" __global__ void check_index_i64(const long long* index, JgLayout view, unsigned int n, long long size,
                                           unsigned long long* first_bad) {
    FOR_EACH_INDEX32(i, n) {
        long long v = index[view_offset32(view, i)];
        if (v < 0 || v >= size) atomicMin(first_bad, (unsigned long long) i);
    }
}

// out (contiguous, x's shape with `count` along the axis) seen as [outer, count, inner]: element (a, k, b) is x's
// element at position (a, b) of the view `rest` (x without the axis, x's offset included) plus index[k] steps of
// axis_stride. `index_view` is the 1-D (or 0-d) index.
template <typename T>
__device__ void index_select(const T* x, JgLayout rest, long long axis_stride, const long long* index,
                             JgLayout index_view, unsigned int n, unsigned int count, unsigned int inner, T* out) {
    FOR_EACH_INDEX32(i, n) {
        unsigned int b = i % inner, ak = i / inner;
        unsigned int k = ak % count, a = ak / count;
        long long at = view_offset32(rest, a * inner + b) + index[view_offset32(index_view, k)] * axis_stride;
        out[i] = x[at];
    }
}

// out[i] (contiguous, the index's shape) = x at the i-th position of the index view, with the axis coordinate replaced
// by the index value: x_view is x's layout over the index's shape with stride 0 along the axis.
template <typename T>
__device__ void gather(const T* x, JgLayout x_view, long long axis_stride, const long long* index, JgLayout index_view,
                       unsigned int n, T* out) {
    FOR_EACH_INDEX32(i, n) {
        out[i] = x[view_offset32(x_view, i) + index[view_offset32(index_view, i)] * axis_stride];
    }
}

// dst += src element by element, in place: atomically, since several index values may name one element. Floating
// additions are rounded as the reference's (float + float rounded once, double + double); integers wrap around as
// Java's do; BOOL is (dst + src) != 0, that is dst || src.
__device__ __forceinline__ void add_to(float* at, float v) { atomicAdd(at, v); }
__device__ __forceinline__ void add_to(double* at, double v) { atomicAdd(at, v); }
__device__ __forceinline__ void add_to(int* at, int v) { atomicAdd(at, v); }
__device__ __forceinline__ void add_to(long long* at, long long v) {
    atomicAdd((unsigned long long*) at, (unsigned long long) v);
}
__device__ __forceinline__ void add_to(unsigned char* at, unsigned char v) {
    if (v != 0) *at = 1;  // every writer writes the same 1, so the race is harmless
}

// dst at the i-th position of the index view, with the axis coordinate replaced by the index value (dst_view: dst's
// layout over the index's shape, stride 0 along the axis), gets src's element at that position added.
template <typename T>
__device__ void scatter_add(T* dst, JgLayout dst_view, long long axis_stride, const long long* index,
                            JgLayout index_view, const T* src, JgLayout src_view, unsigned int n) {
    FOR_EACH_INDEX32(i, n) {
        long long at = view_offset32(dst_view, i) + index[view_offset32(index_view, i)] * axis_stride;
        add_to(dst + at, src[view_offset32(src_view, i)]);
    }
}

#define INDEX_KERNELS(suffix, type)                                                                                   \
    extern "C" __global__ void index_select_##suffix(const type* x, JgLayout rest, long long axis_stride,             \
                                                     const long long* index, JgLayout index_view, unsigned int n,     \
                                                     unsigned int count, unsigned int inner, type* out) {             \
        index_select<type>(x, rest, axis_stride, index, index_view, n, count, inner, out);                           \
    }                                                                                                                 \
    extern "C" __global__ void gather_##suffix(const type* x, JgLayout x_view, long long axis_stride,                 \
                                               const long long* index, JgLayout index_view, unsigned int n,           \
                                               type* out) {                                                           \
        gather<type>(x, x_view, axis_stride, index, index_view, n, out);                                             \
    }                                                                                                                 \
    extern "C" __global__ void scatter_add_##suffix(type* dst, JgLayout dst_view, long long axis_stride,              \
                                                    const long long* index, JgLayout index_view, const type* src,     \
                                                    JgLayout src_view, unsigned int n) {                              \
        scatter_add<type>(dst, dst_view, axis_stride, index, index_view, src, src_view, n);                          \
    }

JG_FOR_EACH_TYPE(INDEX_KERNELS)
