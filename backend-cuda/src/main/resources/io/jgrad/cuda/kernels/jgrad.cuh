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

// The element types jgrad stores: suffix and C type (BOOL is one byte).
#define JG_FOR_EACH_TYPE(X) \
    X(f32, float)           \
    X(f64, double)          \
    X(i32, int)             \
    X(i64, long long)       \
    X(u8, unsigned char)
