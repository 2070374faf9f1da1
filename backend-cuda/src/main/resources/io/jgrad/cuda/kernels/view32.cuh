// 32-bit index arithmetic over JgLayout views, for the reduction and index kernels: a tensor holds at most 2^31 - 1
// elements, so a row-major position fits an unsigned int and its division by a dimension is a 32-bit one (several
// times cheaper than jg_offset's 64-bit division). Offsets are still summed in 64 bits.
#pragma once

#include "jgrad.cuh"

// The storage offset of the element at row-major position `linear` of the view. The outermost axis needs no
// division (linear is below its size once the inner axes are divided out), so a contiguous view, which Views merges
// to one axis of stride 1, costs a multiply and an add.
__device__ __forceinline__ long long view_offset32(const JgLayout& view, unsigned int linear) {
    long long offset = view.offset;
    for (int d = (int) view.rank - 1; d > 0; --d) {
        unsigned int size = (unsigned int) view.shape[d];
        offset += (long long) (linear % size) * view.strides[d];
        linear /= size;
    }
    if (view.rank > 0) offset += (long long) linear * view.strides[0];
    return offset;
}

// A grid-stride loop over [0, n) with a 32-bit counter (n < 2^31, and a grid holds far fewer than 2^31 threads, so
// i + stride cannot wrap).
#define FOR_EACH_INDEX32(i, n) \
    for (unsigned int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// A block-stride loop over [0, n): the block's threads share the work of one row.
#define FOR_EACH_IN_ROW(j, n) for (unsigned int j = threadIdx.x; j < (n); j += blockDim.x)
